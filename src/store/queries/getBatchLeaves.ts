import type { StoreContext } from '../context.ts';
import { openReading } from '../crypto/patientKeys.ts';
import { BatchConflictError, DecryptFailedError } from '../errors.ts';
import type { BatchLeaves } from '../types.ts';

export type GetBatchLeavesParameters = { payloads?: boolean; gatewayId?: string };
export type GetBatchLeavesReturnType = BatchLeaves;

const PAGE = 5000;

/**
 * The leaves of a batch in batch_index order, as column arrays (no object per leaf): ids, leaf
 * hashes and, with `payloads` (default), the decrypted canonical bytes, or `erased` where the
 * patient's key was shredded. Rows are read in pages so a huge batch never sits twice in memory.
 */
export async function getBatchLeaves(
  ctx: StoreContext,
  seq: number,
  { payloads = true, gatewayId = ctx.gatewayId }: GetBatchLeavesParameters = {},
): Promise<GetBatchLeavesReturnType> {
  const out: BatchLeaves = { seq, count: 0, ids: [], leafHashes: [], canonical: [], erased: [] };
  const sql = payloads
    ? 'SELECT batch_index, id, leaf_hash, patient, payload FROM readings WHERE batch_gateway = ? AND batch_seq = ? AND batch_index >= ? ORDER BY batch_index LIMIT ?'
    : 'SELECT batch_index, id, leaf_hash, patient FROM readings WHERE batch_gateway = ? AND batch_seq = ? AND batch_index >= ? ORDER BY batch_index LIMIT ?';
  let next = 0;
  for (;;) {
    const rows = await ctx.driver.rows(sql, [gatewayId, seq, next, PAGE]);
    const patients = new Set<string>();
    for (const r of rows) patients.add(r[3] as string);
    await ctx.keys.load(patients, { create: false });
    for (const r of rows) {
      const index = Number(r[0]);
      if (index !== out.count) {
        throw new BatchConflictError(`batch ${seq} has a gap at index ${out.count}`, {
          details: { seq, index },
        });
      }
      const id = r[1] as string;
      out.ids.push(id);
      out.leafHashes.push(r[2] as Buffer);
      const patient = r[3] as string;
      const key = ctx.keys.peek(patient);
      if (key === undefined)
        throw new DecryptFailedError(`reading ${id}`, { details: { reason: 'no key row' } });
      out.erased.push(key === 'erased');
      out.canonical.push(payloads && key !== 'erased' ? openReading(key, patient, id, r[4] as Buffer) : null);
      out.count++;
    }
    if (rows.length < PAGE) break;
    next = out.count;
  }
  return out;
}
