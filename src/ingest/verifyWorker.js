// Signature-verification worker for verifyPool.ts. Plain JavaScript on purpose: it must load under
// plain Node (node bin/vigil.js), under tsx and under vitest without any TypeScript loader.
//
// Request:  { id, buf: ArrayBuffer, count } where buf holds `count` records of
//           [u32 BE message length][65-byte SEC1 public key][64-byte r||s signature][message].
// Response: { id, results: Uint8Array(count) } (1 = valid), or { id, error } if the chunk is unreadable.
import { createPublicKey, verify } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

const SPKI_P256_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');
const maxKeys = workerData?.maxKeys ?? 65536;
/** Imported keys by SEC1 bytes (latin1 string of 65 bytes); null marks a key that failed to import. */
const keys = new Map();

function keyFor(sec1) {
  const id = sec1.toString('latin1');
  let key = keys.get(id);
  if (key !== undefined) return key;
  try {
    key = createPublicKey({ key: Buffer.concat([SPKI_P256_PREFIX, sec1]), format: 'der', type: 'spki' });
  } catch {
    key = null;
  }
  // Evict the oldest entry; with one key per device the working set is the fleet size.
  if (keys.size >= maxKeys) keys.delete(keys.keys().next().value);
  keys.set(id, key);
  return key;
}

parentPort.on('message', ({ id, buf, count }) => {
  try {
    const bytes = Buffer.from(buf);
    const results = new Uint8Array(count);
    let off = 0;
    for (let i = 0; i < count; i++) {
      const len = bytes.readUInt32BE(off);
      const sec1 = bytes.subarray(off + 4, off + 69);
      const sig = bytes.subarray(off + 69, off + 133);
      const msg = bytes.subarray(off + 133, off + 133 + len);
      off += 133 + len;
      const key = sec1[0] === 4 ? keyFor(sec1) : null;
      results[i] = key !== null && verify('sha256', msg, { key, dsaEncoding: 'ieee-p1363' }, sig) ? 1 : 0;
    }
    parentPort.postMessage({ id, results }, [results.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});
