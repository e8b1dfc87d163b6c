import type { StoreContext } from '../context.ts';
import { openReading } from '../crypto/patientKeys.ts';
import { DecryptFailedError } from '../errors.ts';
import type { SignedReading, StoredReading, Transport } from '../types.ts';

/** Columns selected for a StoredReading, in the order {@link toStoredReadings} expects. */
export const READING_COLUMNS =
  'pos, id, device_id, seq, patient, code, effective_at, received_at, transport, leaf_hash, payload, quarantined, batch_gateway, batch_seq, batch_index';

/** Decrypts raw reading rows (arrays in READING_COLUMNS order) into StoredReadings. */
export async function toStoredReadings(ctx: StoreContext, rows: unknown[][]): Promise<StoredReading[]> {
  await ctx.keys.load(
    rows.map((r) => r[4] as string),
    { create: false },
  );
  return rows.map((r) => {
    const id = r[1] as string;
    const patient = r[4] as string;
    const key = ctx.keys.peek(patient);
    if (key === undefined)
      throw new DecryptFailedError(`reading ${id}`, { details: { reason: 'no key row' } });
    const erased = key === 'erased';
    const reading = erased
      ? null
      : (JSON.parse(openReading(key, patient, id, r[10] as Buffer).toString('utf8')) as SignedReading);
    return {
      pos: Number(r[0]),
      id,
      deviceId: r[2] as string,
      seq: Number(r[3]),
      patient,
      code: r[5] as string,
      effectiveAt: Number(r[6]),
      receivedAt: Number(r[7]),
      transport: r[8] as Transport,
      leafHash: r[9] as Buffer,
      quarantined: Number(r[11]) === 1,
      batchGatewayId: (r[12] as string | null) ?? null,
      batchSeq: r[13] === null ? null : Number(r[13]),
      batchIndex: r[14] === null ? null : Number(r[14]),
      erased,
      reading,
    };
  });
}
