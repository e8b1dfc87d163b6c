import type { Driver, SqlValue } from '../db/Driver.ts';
import { chunk, listPlaceholders, valuesPlaceholders } from '../db/dialect.ts';

/** Column order of a readings row as built by insertReadings. */
export const READING_INSERT_COLUMNS = [
  'id',
  'device_id',
  'seq',
  'patient',
  'code',
  'effective_at',
  'received_at',
  'transport',
  'leaf_hash',
  'payload',
  'quarantined',
] as const;

const DEVICE = 1;
const SEQ = 2;
const PATIENT = 3;
const QUARANTINED = 10;

const keyOf = (deviceId: unknown, seq: unknown) => `${deviceId}\u0000${Number(seq)}`;

/**
 * Writes encrypted reading rows in ONE transaction and returns, aligned with `values`, each
 * row's pos, null when a unique key (device_id, seq) or id already existed (also within
 * `values`: the first copy wins), or 'erased' when the patient was erased meanwhile (possibly
 * by another gateway sharing the database). Sets the quarantined column for devices quarantined
 * in `devices` and refreshes their `last_seq`. SQLite does the same in its writer thread
 * (`db/readingWriterWorker.js`, through `driver.writeReadingRows`).
 */
export async function writeReadingRows(
  driver: Driver,
  values: SqlValue[][],
): Promise<(number | null | 'erased')[]> {
  if (driver.writeReadingRows) return driver.writeReadingRows(values);
  const d = driver.dialect;
  const cols = READING_INSERT_COLUMNS.join(', ');
  const n = READING_INSERT_COLUMNS.length;
  const deviceIds = [...new Set(values.map((v) => v[DEVICE] as string))];
  const patients = [...new Set(values.map((v) => v[PATIENT] as string))];
  return driver.transaction(async (tx) => {
    if (d.serializeWritesSql) await tx.run(d.serializeWritesSql);
    // Authoritative erasure check inside the transaction: a cached key may be stale.
    const erased = new Set<string>();
    for (const part of chunk(patients, 500)) {
      const rows = await tx.rows(
        `SELECT patient FROM patient_keys WHERE erased_at IS NOT NULL AND patient IN (${listPlaceholders(part.length)})`,
        part,
      );
      for (const [patient] of rows) erased.add(patient as string);
    }
    const writable = erased.size === 0 ? values : values.filter((v) => !erased.has(v[PATIENT] as string));
    const quarantined = new Set<string>();
    for (const part of chunk(deviceIds, 500)) {
      const rows = await tx.rows(
        `SELECT device_id FROM devices WHERE quarantined = 1 AND device_id IN (${listPlaceholders(part.length)})`,
        part,
      );
      for (const [deviceId] of rows) quarantined.add(deviceId as string);
    }
    if (quarantined.size > 0) {
      for (const v of values) if (quarantined.has(v[DEVICE] as string)) v[QUARANTINED] = 1;
    }
    // Multi-row VALUES; RETURNING rows are matched back by (device_id, seq).
    const positions: (number | null)[] = [];
    for (const part of chunk(writable, d.chunkRows(n))) {
      const returned = await tx.rows(
        `INSERT INTO readings (${cols}) VALUES ${valuesPlaceholders(part.length, n)} ON CONFLICT DO NOTHING RETURNING pos, device_id, seq`,
        part.flat(),
      );
      const byKey = new Map(returned.map((r) => [keyOf(r[1], r[2]), Number(r[0])]));
      for (const v of part) {
        const k = keyOf(v[DEVICE], v[SEQ]);
        const pos = byKey.get(k);
        byKey.delete(k);
        positions.push(pos ?? null);
      }
    }
    const touched = [
      ...new Set(writable.filter((_, i) => positions[i] !== null).map((v) => v[DEVICE] as string)),
    ];
    for (const part of chunk(touched, 500)) {
      await tx.run(
        `UPDATE devices SET last_seq = (SELECT MAX(seq) FROM readings r WHERE r.device_id = devices.device_id) WHERE device_id IN (${listPlaceholders(part.length)})`,
        part,
      );
    }
    if (erased.size === 0) return positions;
    let w = 0;
    return values.map((v) => (erased.has(v[PATIENT] as string) ? 'erased' : (positions[w++] ?? null)));
  });
}
