/** The few things that differ between SQLite and PostgreSQL; everything else is shared SQL. */
export type Dialect = {
  name: 'sqlite' | 'postgres';
  /** Column type for binary data. */
  blob: string;
  /** 64-bit integer column type. */
  bigint: string;
  /** Auto-assigned, strictly increasing integer primary key. */
  autoPk: string;
  /** Rows per multi-row INSERT/UPDATE: 1 on SQLite (a cached prepared statement in a loop is fastest). */
  chunkRows: (columns: number) => number;
  /** Single-row inserts report the new key without RETURNING (SQLite's rowid). */
  rowidInserts: boolean;
  /** Statement taken at the start of a writing transaction that must commit in `pos` order. */
  serializeWritesSql: string | undefined;
};

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  blob: 'BLOB',
  bigint: 'INTEGER',
  autoPk: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  chunkRows: () => 1,
  rowidInserts: true,
  // SQLite has one writer at a time: BEGIN IMMEDIATE already serializes.
  serializeWritesSql: undefined,
};

export const postgresDialect: Dialect = {
  name: 'postgres',
  blob: 'BYTEA',
  bigint: 'BIGINT',
  autoPk: 'BIGSERIAL PRIMARY KEY',
  // PostgreSQL allows 65535 bind parameters per statement; large multi-row statements save round trips.
  chunkRows: (columns) => Math.max(1, Math.min(1000, Math.floor(60_000 / columns))),
  rowidInserts: false,
  // Without it, concurrent transactions could commit pos 11 before pos 10 and the batcher would skip 10.
  serializeWritesSql: 'SELECT pg_advisory_xact_lock(7419001)',
};

/** Builds `(?, ?, ?), (?, ?, ?)` for `rows` rows of `columns` placeholders. */
export function valuesPlaceholders(rows: number, columns: number): string {
  const one = `(${new Array(columns).fill('?').join(', ')})`;
  return new Array(rows).fill(one).join(', ');
}

/** Builds `?, ?, ?` for an IN list. */
export function listPlaceholders(n: number): string {
  return new Array(n).fill('?').join(', ');
}

/** Splits `items` into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
