import type { Dialect } from './dialect.ts';

/** A value bound to a `?` placeholder. */
export type SqlValue = string | number | bigint | Buffer | Uint8Array | null;

/** Runs SQL written with `?` placeholders (rewritten to `$n` for PostgreSQL). */
export interface Executor {
  /** Rows as objects keyed by column name. */
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Rows as arrays in column order (less per-row overhead for hot paths). */
  rows(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]>;
  /**
   * Single-row INSERT (… ON CONFLICT DO NOTHING) returning the new row's integer key, or null
   * when nothing was inserted. SQLite: the rowid, no RETURNING needed (about 2x faster than
   * RETURNING); PostgreSQL: the statement must end with `RETURNING <key>`.
   */
  insertRowid(sql: string, params: readonly SqlValue[]): Promise<number | null>;
  /** Executes a statement and returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/** A database connection (SQLite handle or PostgreSQL pool) with transactions. */
export interface Driver extends Executor {
  readonly dialect: Dialect;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  /**
   * SQLite only: the readings write of `writeReadingRows` (same contract), run by a writer thread so
   * that its inserts and the commit's fsync do not hold up the event loop. Absent on PostgreSQL,
   * whose client is asynchronous already.
   */
  writeReadingRows?(values: SqlValue[][]): Promise<(number | null | 'erased')[]>;
  close(): Promise<void>;
}
