import { createHash } from 'node:crypto';
import type { StoreContext } from '../context.ts';
import { open, seal } from '../crypto/aesGcm.ts';
import type { SqlValue } from '../db/Driver.ts';
import { chunk, valuesPlaceholders } from '../db/dialect.ts';
import type { RejectionInput, StoredRejection, Transport } from '../types.ts';

/** Forensic copies are cut at this size (the largest valid transport message). */
export const MAX_REJECTION_PAYLOAD = 256 * 1024;

const aad = (sha256: Buffer, receivedAt: number) =>
  Buffer.concat([Buffer.from(`vigil/rejection/v1\u0000${receivedAt}\u0000`), sha256]);

/** Stores rejected messages (reason, hash, size, encrypted raw bytes) in one transaction; returns their ids. */
export async function insertRejections(
  ctx: StoreContext,
  rows: readonly RejectionInput[],
): Promise<number[]> {
  if (rows.length === 0) return [];
  const values: SqlValue[][] = rows.map((r) => {
    const sha = createHash('sha256').update(r.payload).digest();
    const kept = r.payload.subarray(0, MAX_REJECTION_PAYLOAD);
    return [
      r.receivedAt,
      r.transport,
      r.code,
      r.reason,
      r.deviceId ?? null,
      r.seq ?? null,
      sha,
      r.payload.length,
      seal(ctx.forensicKey, kept, aad(sha, r.receivedAt)),
    ];
  });
  const { driver } = ctx;
  const sql = (n: number) =>
    `INSERT INTO rejections (received_at, transport, code, reason, device_id, seq, payload_sha256, payload_size, payload) VALUES ${valuesPlaceholders(n, 9)}`;
  return driver.transaction(async (tx) => {
    const ids: number[] = [];
    if (driver.dialect.rowidInserts) {
      for (const v of values) ids.push((await tx.insertRowid(sql(1), v))!);
      return ids;
    }
    // Rows up to 256 KiB each: keep statements to a few MiB.
    for (const part of chunk(values, 16)) {
      const returned = await tx.rows(`${sql(part.length)} RETURNING id`, part.flat());
      // A multi-row insert draws its serial ids in VALUES order.
      ids.push(...returned.map((r) => Number(r[0])).sort((a, b) => a - b));
    }
    return ids;
  });
}

/** Rejections in id order, forensic bytes decrypted (for the forensics view and the trust engine). */
export async function listRejections(
  ctx: StoreContext,
  { limit, afterId = 0, deviceId }: { limit: number; afterId?: number; deviceId?: string },
): Promise<StoredRejection[]> {
  const rows = await ctx.driver.rows(
    `SELECT id, received_at, transport, code, reason, device_id, seq, payload_sha256, payload_size, payload FROM rejections WHERE id > ?${deviceId === undefined ? '' : ' AND device_id = ?'} ORDER BY id LIMIT ?`,
    deviceId === undefined ? [afterId, limit] : [afterId, deviceId, limit],
  );
  return rows.map((r) => {
    const receivedAt = Number(r[1]);
    const sha = r[7] as Buffer;
    return {
      id: Number(r[0]),
      receivedAt,
      transport: r[2] as Transport,
      code: r[3] as string,
      reason: r[4] as string,
      deviceId: (r[5] as string | null) ?? null,
      seq: r[6] === null ? null : Number(r[6]),
      payloadSha256: sha,
      payloadSize: Number(r[8]),
      payload: open(ctx.forensicKey, r[9] as Buffer, aad(sha, receivedAt), `rejection ${r[0]}`),
    };
  });
}
