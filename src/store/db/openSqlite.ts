import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { StoreError } from '../errors.ts';
import { READING_INSERT_COLUMNS } from '../queries/writeReadingRows.ts';
import type { Driver, Executor, SqlValue } from './Driver.ts';
import { sqliteDialect } from './dialect.ts';

export type OpenSqliteParameters = { dataDir: string; fileName?: string };

type Statement = Database.Statement<unknown[], unknown>;

const QUARANTINED_COLUMN = READING_INSERT_COLUMNS.indexOf('quarantined');

/**
 * Opens `<dataDir>/vigil.db` with WAL and `synchronous = FULL` (a committed transaction
 * survives kill -9 and power loss). better-sqlite3 is synchronous, so every call is
 * serialized through one queue: an awaiting transaction never sees another caller's writes.
 */
export function openSqlite({ dataDir, fileName = 'vigil.db' }: OpenSqliteParameters): Driver {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, fileName));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // WAL checkpoints copy pages into the database file and would stall the event loop inside COMMIT;
  // a worker thread runs them instead (checkpointWorker.js).
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536');
  // Crypto-shredding: freed cells (an erased patient's wrapped key) are zeroed, not left in free pages.
  db.pragma('secure_delete = ON');

  const checkpointer = new Worker(new URL('./checkpointWorker.js', import.meta.url), {
    workerData: { file: join(dataDir, fileName), intervalMs: 250 },
  });
  checkpointer.unref();
  checkpointer.on('error', () => {
    // Without the worker the WAL grows until close, which checkpoints it; nothing is lost.
  });

  const statements = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      statements.set(sql, stmt);
    }
    return stmt;
  };
  const bind = (params: readonly SqlValue[] | undefined): unknown[] =>
    params ? params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : p)) : [];

  const direct: Executor = {
    async all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
      const stmt = prepare(sql);
      if (!stmt.reader) {
        stmt.run(...bind(params));
        return [];
      }
      // Statements are cached and shared with rows(), which switches raw mode on.
      return stmt.raw(false).all(...bind(params)) as T[];
    },
    async rows(sql, params) {
      return prepare(sql)
        .raw(true)
        .all(...bind(params)) as unknown[][];
    },
    async insertRowid(sql, params) {
      const info = prepare(sql).run(...bind(params));
      return info.changes === 0 ? null : Number(info.lastInsertRowid);
    },
    async run(sql, params) {
      const stmt = prepare(sql);
      if (stmt.reader) {
        stmt.all(...bind(params));
        return 0;
      }
      return stmt.run(...bind(params)).changes;
    },
  };

  // A promise chain: each operation starts when the previous one settled.
  let tail: Promise<unknown> = Promise.resolve();
  const serialize = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = tail.then(fn, fn);
    tail = result.catch(() => undefined);
    return result;
  };
  let closed = false;
  /** Runs one direct call in the queue, refusing it once the store is closed. */
  const queued = <T>(fn: () => Promise<T>): Promise<T> =>
    serialize(() => {
      if (closed) throw new StoreError('the store is closed');
      return fn();
    });

  // The readings writer thread, started on first use (after migrations) and stopped by close().
  type WriterReply = {
    id: number;
    positions?: (number | null | 'erased')[];
    flagged?: number[];
    error?: string;
  };
  let writer: Worker | undefined;
  let nextWrite = 0;
  const writes = new Map<number, { resolve(r: WriterReply): void; reject(e: Error): void }>();
  const startWriter = (): Worker => {
    const w = new Worker(new URL('./readingWriterWorker.js', import.meta.url), {
      workerData: { file: join(dataDir, fileName), columns: [...READING_INSERT_COLUMNS] },
    });
    const failAll = (error: Error) => {
      for (const p of writes.values()) p.reject(error);
      writes.clear();
      if (writer === w) writer = undefined;
    };
    w.on('message', (reply: WriterReply | 'stopped') => {
      if (reply === 'stopped') return;
      const p = writes.get(reply.id);
      writes.delete(reply.id);
      p?.resolve(reply);
    });
    w.on('error', (cause) => failAll(new StoreError('the readings writer thread failed', { cause })));
    w.on('exit', (code) => failAll(new StoreError(`the readings writer thread exited with code ${code}`)));
    return w;
  };
  const writeReadingRows = (values: SqlValue[][]) =>
    queued(async () => {
      writer ??= startWriter();
      const id = nextWrite++;
      const w = writer;
      const reply = await new Promise<WriterReply>((resolve, reject) => {
        writes.set(id, { resolve, reject });
        w.postMessage({ id, values });
      });
      if (reply.error !== undefined || !reply.positions) {
        throw new StoreError(`storing readings failed: ${reply.error ?? 'no result'}`);
      }
      // The writer flagged rows of quarantined devices in its copy; mirror that for the caller.
      for (const i of reply.flagged ?? []) values[i]![QUARANTINED_COLUMN] = 1;
      return reply.positions;
    });
  const stopWriter = async () => {
    const w = writer;
    writer = undefined;
    if (w) await stopWorker(w);
  };

  return {
    dialect: sqliteDialect,
    writeReadingRows,
    all: (sql, params) => queued(() => direct.all(sql, params)),
    rows: (sql, params) => queued(() => direct.rows(sql, params)),
    run: (sql, params) => queued(() => direct.run(sql, params)),
    insertRowid: (sql, params) => queued(() => direct.insertRowid(sql, params)),
    transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
      return queued(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      });
    },
    close: () =>
      serialize(async () => {
        if (closed) return;
        closed = true;
        await stopWriter();
        await stopWorker(checkpointer);
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
      }),
  };
}

/** Asks a worker to close its connection ('stop', answered by any message or its exit), then ends it. */
async function stopWorker(worker: Worker): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    worker.once('message', done);
    worker.once('exit', done);
    worker.postMessage('stop');
  });
  await worker.terminate();
}
