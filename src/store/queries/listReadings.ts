import type { StoreContext } from '../context.ts';
import type { SqlValue } from '../db/Driver.ts';
import { InvalidRowError } from '../errors.ts';
import type { ListReadingsParameters, StoredReading } from '../types.ts';
import { READING_COLUMNS, toStoredReadings } from './readRows.ts';

export type { ListReadingsParameters };
export type ListReadingsReturnType = StoredReading[];

/** Readings matching the filters, decrypted, in pos order (keyset pagination with `afterPos`). */
export async function listReadings(
  ctx: StoreContext,
  { patient, deviceId, code, from, to, limit, afterPos }: ListReadingsParameters,
): Promise<ListReadingsReturnType> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new InvalidRowError('limit must be an integer from 1 to 10000');
  }
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: string, value: SqlValue | undefined) => {
    if (value === undefined) return;
    where.push(clause);
    params.push(value);
  };
  add('patient = ?', patient);
  add('device_id = ?', deviceId);
  add('code = ?', code);
  add('effective_at >= ?', from);
  add('effective_at < ?', to);
  add('pos > ?', afterPos);
  params.push(limit);
  const rows = await ctx.driver.rows(
    `SELECT ${READING_COLUMNS} FROM readings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY pos LIMIT ?`,
    params,
  );
  return toStoredReadings(ctx, rows);
}

/** One reading by its id (the FHIR Observation id), decrypted; null when absent. */
export async function getReading(ctx: StoreContext, id: string): Promise<StoredReading | null> {
  const rows = await ctx.driver.rows(`SELECT ${READING_COLUMNS} FROM readings WHERE id = ?`, [id]);
  const [reading] = await toStoredReadings(ctx, rows);
  return reading ?? null;
}

/** Number of stored readings (optionally only flagged / unflagged ones). */
export async function countReadings(
  ctx: StoreContext,
  params: { quarantined?: boolean } = {},
): Promise<number> {
  const rows =
    params.quarantined === undefined
      ? await ctx.driver.rows('SELECT COUNT(*) FROM readings')
      : await ctx.driver.rows('SELECT COUNT(*) FROM readings WHERE quarantined = ?', [
          params.quarantined ? 1 : 0,
        ]);
  return Number(rows[0]?.[0] ?? 0);
}
