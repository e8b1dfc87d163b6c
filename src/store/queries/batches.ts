import type { StoreContext } from '../context.ts';
import type { SqlValue } from '../db/Driver.ts';
import { chunk, listPlaceholders } from '../db/dialect.ts';
import { BatchConflictError, InvalidRowError } from '../errors.ts';
import type { BatchInput, BatchStatus, StoredBatch, UnbatchedReading } from '../types.ts';

const BATCH_COLUMNS =
  'gateway_id, seq, root, prev_root, count, first_pos, last_pos, created_at, status, anchor_tx, anchor_block, anchored_at';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toBatch(r: unknown[]): StoredBatch {
  return {
    gatewayId: r[0] as string,
    seq: Number(r[1]),
    root: r[2] as Buffer,
    prevRoot: r[3] as Buffer,
    count: Number(r[4]),
    firstPos: Number(r[5]),
    lastPos: Number(r[6]),
    createdAt: Number(r[7]),
    status: r[8] as BatchStatus,
    anchorTx: (r[9] as string | null) ?? null,
    anchorBlock: num(r[10]),
    anchoredAt: num(r[11]),
  };
}

/** The oldest readings not yet in a batch, in pos order, leaf hashes only (the batcher's input). */
export async function getUnbatchedReadings(
  ctx: StoreContext,
  { limit }: { limit: number },
): Promise<UnbatchedReading[]> {
  const rows = await ctx.driver.rows(
    'SELECT pos, id, leaf_hash FROM readings WHERE batch_seq IS NULL ORDER BY pos LIMIT ?',
    [limit],
  );
  return rows.map((r) => ({ pos: Number(r[0]), id: r[1] as string, leafHash: r[2] as Buffer }));
}

/**
 * Records a closed batch and assigns its readings (batch_index = position in
 * `readingPositions`) in one transaction. Fails with `VIGIL_STORE_BATCH_CONFLICT` if the seq
 * exists or any reading is unknown or already batched.
 */
export async function createBatch(
  ctx: StoreContext,
  batch: BatchInput,
  readingPositions: readonly number[],
): Promise<StoredBatch> {
  const n = readingPositions.length;
  if (n === 0) throw new InvalidRowError('a batch needs at least one reading');
  if (batch.root.length !== 32 || batch.prevRoot.length !== 32) {
    throw new InvalidRowError('batch root and prev root must be 32 bytes');
  }
  const gatewayId = batch.gatewayId ?? ctx.gatewayId;
  const { driver } = ctx;
  const stored: StoredBatch = {
    gatewayId,
    seq: batch.seq,
    root: Buffer.from(batch.root),
    prevRoot: Buffer.from(batch.prevRoot),
    count: n,
    firstPos: readingPositions[0]!,
    lastPos: readingPositions[n - 1]!,
    createdAt: batch.createdAt,
    status: 'pending',
    anchorTx: null,
    anchorBlock: null,
    anchoredAt: null,
  };
  const indexed = readingPositions.map((pos, index) => [pos, index] as const);
  await driver.transaction(async (tx) => {
    const inserted = await tx.run(
      `INSERT INTO batches (gateway_id, seq, root, prev_root, count, first_pos, last_pos, created_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT DO NOTHING`,
      [
        gatewayId,
        batch.seq,
        stored.root,
        stored.prevRoot,
        n,
        stored.firstPos,
        stored.lastPos,
        batch.createdAt,
      ],
    );
    if (inserted === 0) {
      throw new BatchConflictError(`batch ${gatewayId}#${batch.seq} already exists`, {
        details: { gatewayId, seq: batch.seq },
      });
    }
    let assigned = 0;
    const first = stored.firstPos;
    const consecutive =
      stored.lastPos - first + 1 === n && readingPositions.every((pos, i) => pos === first + i);
    if (consecutive) {
      // The usual case: one ranged statement, not one per reading (about 3x less batcher CPU on SQLite).
      assigned = await tx.run(
        'UPDATE readings SET batch_gateway = ?, batch_seq = ?, batch_index = pos - ? WHERE pos BETWEEN ? AND ? AND batch_seq IS NULL',
        [gatewayId, batch.seq, first, first, stored.lastPos],
      );
    }
    // Otherwise SQLite: one cached single-row statement in a loop; PostgreSQL: CASE over up to 1000 rows.
    for (const part of consecutive ? [] : chunk(indexed, Math.min(1000, driver.dialect.chunkRows(3)))) {
      const cases = part.map(() => 'WHEN ? THEN CAST(? AS INTEGER)').join(' ');
      const params: SqlValue[] = [gatewayId, batch.seq];
      for (const [pos, index] of part) params.push(pos, index);
      for (const [pos] of part) params.push(pos);
      assigned += await tx.run(
        `UPDATE readings SET batch_gateway = ?, batch_seq = ?, batch_index = CASE pos ${cases} END WHERE pos IN (${listPlaceholders(part.length)}) AND batch_seq IS NULL`,
        params,
      );
    }
    if (assigned !== n) {
      throw new BatchConflictError(
        `batch ${batch.seq}: ${n - assigned} of ${n} readings are unknown or already batched`,
        {
          details: { seq: batch.seq, expected: n, assigned },
        },
      );
    }
  });
  return stored;
}

/** Batches of a gateway (default: this one) in seq order, optionally by status. */
export async function listBatches(
  ctx: StoreContext,
  {
    status,
    gatewayId = ctx.gatewayId,
    limit = 1000,
  }: { status?: BatchStatus; gatewayId?: string; limit?: number } = {},
): Promise<StoredBatch[]> {
  const rows = await ctx.driver.rows(
    `SELECT ${BATCH_COLUMNS} FROM batches WHERE gateway_id = ?${status ? ' AND status = ?' : ''} ORDER BY seq LIMIT ?`,
    status ? [gatewayId, status, limit] : [gatewayId, limit],
  );
  return rows.map(toBatch);
}

/** One batch; null when absent. */
export async function getBatch(
  ctx: StoreContext,
  seq: number,
  gatewayId = ctx.gatewayId,
): Promise<StoredBatch | null> {
  const [row] = await ctx.driver.rows(
    `SELECT ${BATCH_COLUMNS} FROM batches WHERE gateway_id = ? AND seq = ?`,
    [gatewayId, seq],
  );
  return row ? toBatch(row) : null;
}

/** Records the anchoring transaction of a pending batch (idempotent for the same tx). */
export async function markBatchAnchored(
  ctx: StoreContext,
  seq: number,
  anchor: { tx: string; block: number; anchoredAt: number },
  gatewayId = ctx.gatewayId,
): Promise<StoredBatch> {
  const changed = await ctx.driver.run(
    `UPDATE batches SET status = 'anchored', anchor_tx = ?, anchor_block = ?, anchored_at = ?
     WHERE gateway_id = ? AND seq = ? AND (status = 'pending' OR anchor_tx = ?)`,
    [anchor.tx, anchor.block, anchor.anchoredAt, gatewayId, seq, anchor.tx],
  );
  if (changed === 0) {
    throw new BatchConflictError(`batch ${gatewayId}#${seq} is unknown or anchored by another transaction`, {
      details: { gatewayId, seq },
    });
  }
  return (await getBatch(ctx, seq, gatewayId))!;
}
