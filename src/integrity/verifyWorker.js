// Worker thread of `vigil verify` (full mode): re-derives the content of whole batches from the raw
// SQLite rows, with its own read-only connection. Plain JavaScript so that it runs in a worker thread
// without a TypeScript loader. Mirrors, and is tested against, the main-thread path of verifyStore.ts:
// - AES-256-GCM open of `0x01 ‖ iv(12) ‖ tag(16) ‖ ciphertext` with AAD `vigil/reading/v1\0<id>\0<patient>`
//   (src/store/crypto/aesGcm.ts, patientKeys.ts);
// - leaf hash SHA-256(0x00 ‖ canonical) (leafHash.ts);
// - metadata columns against the canonical text (checkRowMetadata.ts).
// A batch is `clean` only when every row sits at batch_index 0..n-1, decrypts, re-hashes to its recorded
// leaf_hash and agrees with its metadata columns. The main thread then only compares the root of the
// returned packed leaf hashes with the chain; anything else goes to the detailed (diagnosing) path.
// Keys arrive by message and live only in this thread's memory. No patient value leaves this file.
import { createDecipheriv, hash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, gatewayId } = workerData;
const db = new Database(file, { readonly: true, fileMustExist: true });
const columns = new Set(
  db
    .prepare('PRAGMA table_info(readings)')
    .all()
    .map((c) => c.name),
);
const byGateway = columns.has('batch_gateway');
// Blobs come back as hex text (only a valid 32-byte blob hash, only a blob payload; NULL otherwise): a
// heap string per row instead of a Buffer with its own backing store, which cut the worker's GC time.
const HASH = "CASE WHEN typeof(leaf_hash) = 'blob' AND length(leaf_hash) = 32 THEN lower(hex(leaf_hash)) END";
const PAYLOAD = "CASE WHEN typeof(payload) = 'blob' THEN hex(payload) END";
const INNER = `id, device_id, seq, patient, code, effective_at, ${HASH} AS h, ${PAYLOAD} AS p, batch_index, pos`;
const COLUMNS = 'id, device_id, seq, patient, code, effective_at, h, p, batch_index';
// Same rows and order as openStoreFile.ts (two index searches instead of an OR that scans the index).
const ofBatch = db
  .prepare(
    byGateway
      ? `SELECT ${COLUMNS} FROM (SELECT ${INNER} FROM readings WHERE batch_gateway = @gw AND batch_seq = @seq UNION ALL SELECT ${INNER} FROM readings WHERE batch_gateway IS NULL AND batch_seq = @seq) ORDER BY batch_index, pos`
      : `SELECT ${COLUMNS} FROM (SELECT ${INNER} FROM readings WHERE batch_seq = @seq) ORDER BY batch_index, pos`,
  )
  .raw(true);

/** @type {Map<string, Buffer>} */
let keys = new Map();
/** @type {Set<string>} */
let erased = new Set();
let scratch = Buffer.allocUnsafe(4096);

// Search strings per device / patient / code, built once (a store has far fewer of these than readings).
const needles = new Map();
function needle(kind, value) {
  const k = `${kind}\u0000${value}`;
  let n = needles.get(k);
  if (n === undefined) {
    n =
      kind === 'd'
        ? `{"deviceId":${JSON.stringify(value)},`
        : kind === 'p'
          ? `"reference":${JSON.stringify(`Patient/${value}`)}`
          : `"code":${JSON.stringify(value)}`;
    if (needles.size > 100_000) needles.clear();
    needles.set(k, n);
  }
  return n;
}

/** Same checks as checkRowMetadata.ts; true when every column agrees with the signed payload. */
function metadataOk(text, deviceId, seq, patient, code, effectiveAt) {
  if (!text.startsWith(needle('d', deviceId))) return false;
  const seqAt = text.lastIndexOf(',"seq":');
  const sigAt = text.indexOf(',"sig":', seqAt);
  if (seqAt < 0 || sigAt < 0 || text.slice(seqAt + 7, sigAt) !== String(seq)) return false;
  if (!text.includes(needle('p', patient))) return false;
  if (!text.includes(needle('c', code))) return false;
  const effAt = text.indexOf('"effectiveDateTime":"');
  const effEnd = effAt < 0 ? -1 : text.indexOf('"', effAt + 21);
  return effEnd >= 0 && Date.parse(text.slice(effAt + 21, effEnd)) === effectiveAt;
}

let sealed = Buffer.allocUnsafe(4096);

/** Decrypts the hex payload into `scratch` after a 0x00 byte; returns the canonical length, or -1 when it does not open. */
function openInto(key, payloadHex, id, patient) {
  if (typeof payloadHex !== 'string') return -1;
  const size = payloadHex.length >>> 1;
  if (size > sealed.length) sealed = Buffer.allocUnsafe(Math.max(size, sealed.length * 2));
  if (sealed.write(payloadHex, 0, 'hex') !== size || size < 29 || sealed[0] !== 1) return -1;
  try {
    const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
    d.setAAD(Buffer.from(`vigil/reading/v1\u0000${id}\u0000${patient}`, 'utf8'));
    d.setAuthTag(sealed.subarray(13, 29));
    const head = d.update(sealed.subarray(29, size));
    const tail = d.final();
    const n = head.length + tail.length;
    if (n + 1 > scratch.length) scratch = Buffer.allocUnsafe(Math.max(n + 1, scratch.length * 2));
    scratch[0] = 0x00;
    head.copy(scratch, 1);
    if (tail.length) tail.copy(scratch, 1 + head.length);
    return n;
  } catch {
    return -1;
  }
}

function checkBatch(seq) {
  const rows = ofBatch.all(byGateway ? { seq, gw: gatewayId } : { seq });
  const n = rows.length;
  // Own ArrayBuffer (not the shared pool): it is transferred to the main thread.
  const packed = Buffer.from(new ArrayBuffer(n * 32));
  const erasedIds = [];
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    const id = String(r[0]);
    const patient = String(r[3]);
    const recorded = r[6];
    if (Number(r[8]) !== i || typeof recorded !== 'string') return { seq, n, clean: false };
    packed.write(recorded, i * 32, 32, 'hex');
    if (erased.has(patient)) {
      erasedIds.push(id);
      continue;
    }
    const key = keys.get(patient);
    if (key === undefined) return { seq, n, clean: false };
    const len = openInto(key, r[7], id, patient);
    if (len < 0) return { seq, n, clean: false };
    if (hash('sha256', scratch.subarray(0, len + 1), 'hex') !== recorded) {
      return { seq, n, clean: false };
    }
    const text = scratch.toString('utf8', 1, len + 1);
    if (!metadataOk(text, String(r[1]), Number(r[2]), patient, String(r[4]), Number(r[5]))) {
      return { seq, n, clean: false };
    }
  }
  return { seq, n, clean: true, packed, erasedIds };
}

parentPort.on('message', (m) => {
  if (m.type === 'keys') {
    keys = new Map(m.keys.map(([p, k]) => [p, Buffer.from(k)]));
    erased = new Set(m.erased);
    return;
  }
  try {
    const results = m.seqs.map(checkBatch);
    parentPort.postMessage(
      { id: m.id, results },
      results.filter((r) => r.packed).map((r) => r.packed.buffer),
    );
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: String(error?.message ?? error) });
  }
});
