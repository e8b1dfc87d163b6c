import type { StoreContext } from '../context.ts';
import type { SqlValue } from '../db/Driver.ts';
import { InvalidRowError } from '../errors.ts';
import type { DeviceRecord, DeviceStatus, StoredDevice } from '../types.ts';

const DEVICE_COLUMNS =
  'device_id, org_id, kind, patient, public_key, key_version, status, updated_block, last_seq, quarantined';

function toDevice(r: unknown[]): StoredDevice {
  return {
    deviceId: r[0] as string,
    orgId: r[1] as string,
    kind: r[2] as string,
    patient: (r[3] as string | null) ?? null,
    publicKey: r[4] as Buffer,
    keyVersion: Number(r[5]),
    status: r[6] as DeviceStatus,
    updatedBlock: Number(r[7]),
    lastSeq: r[8] === null ? null : Number(r[8]),
    quarantined: Number(r[9]) === 1,
  };
}

/**
 * Inserts or updates the registry cache from chain events. An older event (lower
 * `updatedBlock`) never overwrites a newer one; `last_seq` and `quarantined` are kept.
 */
export async function upsertDevices(ctx: StoreContext, devices: readonly DeviceRecord[]): Promise<void> {
  if (devices.length === 0) return;
  const values: SqlValue[][] = devices.map((dev) => {
    if (dev.publicKey.length !== 65) {
      throw new InvalidRowError(`device ${dev.deviceId}: public key must be 65 bytes`, {
        details: { deviceId: dev.deviceId },
      });
    }
    return [
      dev.deviceId,
      dev.orgId,
      dev.kind,
      dev.patient,
      dev.publicKey,
      dev.keyVersion,
      dev.status,
      dev.updatedBlock,
    ];
  });
  await ctx.driver.transaction(async (tx) => {
    for (const v of values) {
      await tx.run(
        `INSERT INTO devices (device_id, org_id, kind, patient, public_key, key_version, status, updated_block)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (device_id) DO UPDATE SET org_id = excluded.org_id, kind = excluded.kind, patient = excluded.patient,
           public_key = excluded.public_key, key_version = excluded.key_version, status = excluded.status,
           updated_block = excluded.updated_block
         WHERE devices.updated_block <= excluded.updated_block`,
        v,
      );
    }
  });
}

/** One cached device; null when unknown. */
export async function getDevice(ctx: StoreContext, deviceId: string): Promise<StoredDevice | null> {
  const [row] = await ctx.driver.rows(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE device_id = ?`, [
    deviceId,
  ]);
  return row ? toDevice(row) : null;
}

/** Cached devices, ordered by id, optionally filtered by status or patient. */
export async function listDevices(
  ctx: StoreContext,
  { status, patient }: { status?: DeviceStatus; patient?: string } = {},
): Promise<StoredDevice[]> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (status !== undefined) {
    where.push('status = ?');
    params.push(status);
  }
  if (patient !== undefined) {
    where.push('patient = ?');
    params.push(patient);
  }
  const rows = await ctx.driver.rows(
    `SELECT ${DEVICE_COLUMNS} FROM devices ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY device_id`,
    params,
  );
  return rows.map(toDevice);
}

/** Device → highest stored seq, from the readings themselves (warms the replay cache at start). */
export async function getLastSeqs(ctx: StoreContext): Promise<Map<string, number>> {
  const rows = await ctx.driver.rows('SELECT device_id, MAX(seq) FROM readings GROUP BY device_id');
  return new Map(rows.map((r) => [r[0] as string, Number(r[1])]));
}

/**
 * Quarantines (or releases) a cached device: its new readings are stored flagged. With
 * `sincePos`, its readings with pos > sincePos are flagged (or unflagged) too; returns how many.
 */
export async function setQuarantined(
  ctx: StoreContext,
  deviceId: string,
  flag: boolean,
  { sincePos }: { sincePos?: number } = {},
): Promise<number> {
  return ctx.driver.transaction(async (tx) => {
    const changed = await tx.run('UPDATE devices SET quarantined = ? WHERE device_id = ?', [
      flag ? 1 : 0,
      deviceId,
    ]);
    if (changed === 0) {
      throw new InvalidRowError(`device ${deviceId} is not in the registry cache`, { details: { deviceId } });
    }
    if (sincePos === undefined) return 0;
    return tx.run('UPDATE readings SET quarantined = ? WHERE device_id = ? AND pos > ?', [
      flag ? 1 : 0,
      deviceId,
      sincePos,
    ]);
  });
}
