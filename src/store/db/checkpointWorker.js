// Moves WAL checkpoints off the gateway's event loop: a second connection to the same SQLite file,
// in a worker thread, copies committed WAL frames into the database every interval. PASSIVE never
// blocks the writer; the writer's own automatic checkpoints are turned off (see openSqlite.ts).
// Plain JavaScript so it loads under plain Node as well as under tsx/vitest.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy database is checkpointed next time.
  }
}, workerData.intervalMs);

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage('stopped');
});
