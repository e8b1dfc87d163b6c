// Writes reading rows for openSqlite.ts in a thread of their own: the inserts and, above all, the
// COMMIT (whose fsync waits on the disk) no longer stop the gateway's event loop. The main thread still
// serializes every database call: while a write runs here, its queue waits (asynchronously), so the two
// connections never contend for SQLite's write lock. Plain JavaScript so it loads under plain Node as
// well as under tsx/vitest. This is the SQLite side of src/store/queries/writeReadingRows.ts.
//
// Request:  { id, values } with `values` rows in READING_INSERT_COLUMNS order (workerData.columns).
// Response: { id, positions, flagged } with positions aligned with `values` (pos, null for a duplicate,
//           'erased') and flagged the indexes of rows stored as quarantined; or { id, error }.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, columns } = workerData;
const DEVICE = columns.indexOf('device_id');
const PATIENT = columns.indexOf('patient');
const QUARANTINED = columns.indexOf('quarantined');

const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('wal_autocheckpoint = 0');
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
db.pragma('secure_delete = ON');

const insert = db.prepare(
  `INSERT INTO readings (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`,
);
const cached = new Map();
const statement = (sql) => {
  let s = cached.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cached.set(sql, s);
  }
  return s;
};
const list = (n) => new Array(n).fill('?').join(', ');

function inChunks(items, fn) {
  for (let i = 0; i < items.length; i += 500) fn(items.slice(i, i + 500));
}

// Values arrive structured-cloned: Buffers as plain Uint8Arrays, which better-sqlite3 does not bind.
const asBuffer = (v) =>
  v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;

/** One transaction: erasure and quarantine checks, inserts, devices.last_seq; returns one outcome per row. */
const write = db.transaction((values) => {
  const patients = [...new Set(values.map((v) => v[PATIENT]))];
  const deviceIds = [...new Set(values.map((v) => v[DEVICE]))];
  // Authoritative erasure check inside the transaction: the main thread's cached key may be stale.
  const erased = new Set();
  inChunks(patients, (part) => {
    const sql = `SELECT patient FROM patient_keys WHERE erased_at IS NOT NULL AND patient IN (${list(part.length)})`;
    for (const [patient] of statement(sql)
      .raw(true)
      .all(...part))
      erased.add(patient);
  });
  const quarantined = new Set();
  inChunks(deviceIds, (part) => {
    const sql = `SELECT device_id FROM devices WHERE quarantined = 1 AND device_id IN (${list(part.length)})`;
    for (const [deviceId] of statement(sql)
      .raw(true)
      .all(...part))
      quarantined.add(deviceId);
  });
  const positions = [];
  const flagged = [];
  const touched = new Set();
  for (const [i, v] of values.entries()) {
    if (erased.has(v[PATIENT])) {
      positions.push('erased');
      continue;
    }
    if (quarantined.has(v[DEVICE])) {
      v[QUARANTINED] = 1;
      flagged.push(i);
    }
    const info = insert.run(...v.map(asBuffer));
    if (info.changes === 0) positions.push(null);
    else {
      positions.push(Number(info.lastInsertRowid));
      touched.add(v[DEVICE]);
    }
  }
  inChunks([...touched], (part) => {
    statement(
      `UPDATE devices SET last_seq = (SELECT MAX(seq) FROM readings r WHERE r.device_id = devices.device_id) WHERE device_id IN (${list(part.length)})`,
    ).run(...part);
  });
  return { positions, flagged };
});

parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    parentPort.postMessage('stopped');
    return;
  }
  const { id, values } = message;
  try {
    // IMMEDIATE: take the write lock at BEGIN, as the main connection's transactions do.
    parentPort.postMessage({ id, ...write.immediate(values) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error), code: error?.code });
  }
});
