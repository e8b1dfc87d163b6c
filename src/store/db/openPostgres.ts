import pg from 'pg';
import { StoreError } from '../errors.ts';
import type { Driver, Executor, SqlValue } from './Driver.ts';
import { postgresDialect } from './dialect.ts';

export type OpenPostgresParameters = {
  databaseUrl: string;
  /** Schema to create (if missing) and put first on the search path; `public` when absent. */
  schema?: string;
  poolSize?: number;
};

const INT8_OID = 20;

// Positions, sequence numbers and millisecond times all fit in a double.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const converted = new Map<string, string>();
/** Rewrites `?` placeholders to `$1, $2, …` (our SQL never has `?` inside literals). */
function toPg(sql: string): string {
  let out = converted.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (converted.size < 5000) converted.set(sql, out);
  }
  return out;
}

function executor(q: pg.Pool | pg.PoolClient): Executor {
  return {
    async all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
      const res = await q.query(toPg(sql), params as unknown[] | undefined);
      return res.rows as T[];
    },
    async rows(sql, params) {
      const res = await q.query({
        text: toPg(sql),
        values: params as unknown[] | undefined,
        rowMode: 'array',
      });
      return res.rows as unknown[][];
    },
    async insertRowid(sql, params) {
      const res = await q.query({ text: toPg(sql), values: params as unknown[], rowMode: 'array' });
      const key = (res.rows[0] as unknown[] | undefined)?.[0];
      return key === undefined || key === null ? null : Number(key);
    },
    async run(sql, params) {
      const res = await q.query(toPg(sql), params as unknown[] | undefined);
      return res.rowCount ?? 0;
    },
  };
}

/** Opens a `pg` Pool; with `schema`, every connection uses that schema first. */
export async function openPostgres({
  databaseUrl,
  schema,
  poolSize = 8,
}: OpenPostgresParameters): Promise<Driver> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError(`invalid PostgreSQL schema name "${schema}"`);
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead
  try {
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    else await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreError('cannot connect to PostgreSQL', { cause: error });
  }
  const base = executor(pool);
  return {
    dialect: postgresDialect,
    ...base,
    async transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
