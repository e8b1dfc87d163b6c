import { createHash, randomUUID } from 'node:crypto';
import type { StoreContext } from '../context.ts';
import { sealReading } from '../crypto/patientKeys.ts';
import type { SqlValue } from '../db/Driver.ts';
import { chunk, listPlaceholders, valuesPlaceholders } from '../db/dialect.ts';
import { InvalidRowError } from '../errors.ts';
import type { InsertOutcome, InsertReadingsReturnType, ReadingInput } from '../types.ts';

export type InsertReadingsParameters = readonly ReadingInput[];
export type { InsertReadingsReturnType };

const COLUMNS = [
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

const PATIENT_REF = /^Patient\/([A-Za-z0-9._-]{1,31})$/;
const LOINC = 'http://loinc.org';

type Prepared = { input: ReadingInput; id: string; patient: string; code: string; effectiveAt: number };

/** Pulls the indexed columns out of a (verified) reading; malformed rows fail the whole call. */
function prepare(input: ReadingInput, index: number): Prepared {
  const { reading } = input;
  const obs = reading.observation;
  const patient = PATIENT_REF.exec(obs?.subject?.reference ?? '')?.[1];
  const code = obs?.code?.coding?.find((c) => c.system === LOINC)?.code;
  const effectiveAt = Date.parse(obs?.effectiveDateTime ?? '');
  const id = input.id ?? obs?.id ?? uuidV7();
  if (!patient || !code || !Number.isFinite(effectiveAt) || !Number.isSafeInteger(reading.seq)) {
    throw new InvalidRowError(`reading ${index} lacks a patient reference, a LOINC code, a time or a seq`, {
      details: { index, deviceId: reading.deviceId, seq: reading.seq },
    });
  }
  if (input.leafHash && input.leafHash.length !== 32) {
    throw new InvalidRowError(`reading ${index}: leaf hash must be 32 bytes`, { details: { index } });
  }
  return { input, id, patient, code, effectiveAt };
}

/** RFC 9562 UUIDv7: time-ordered, so the unique index on id grows at its end (about 2x faster inserts than v4). */
export function uuidV7(now = Date.now()): string {
  // randomUUID draws from Node's cached entropy pool; keep its random bits and variant, set time and version.
  const random = randomUUID();
  const t = now.toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${random.slice(15)}`;
}

const keyOf = (deviceId: string, seq: number) => `${deviceId}\u0000${seq}`;

/**
 * Stores verified readings in ONE transaction. A replayed (device_id, seq) or a reused id does
 * not fail the call: that row's outcome is `duplicate` and the others are stored. Readings of an
 * erased patient are refused (`erased`). Readings of a device quarantined in `devices` are stored
 * flagged. `pos` is assigned in input order and, on PostgreSQL, commits in pos order too.
 */
export async function insertReadings(
  ctx: StoreContext,
  rows: InsertReadingsParameters,
): Promise<InsertReadingsReturnType> {
  if (rows.length === 0) return { stored: 0, duplicates: 0, outcomes: [] };
  const prepared = rows.map(prepare);
  await ctx.keys.load(
    prepared.map((p) => p.patient),
    { create: true },
  );

  // Encrypt and hash before taking the write lock: the CPU work should not serialize writers.
  const sealed: (SqlValue[] | null)[] = prepared.map((p) => {
    const key = ctx.keys.peek(p.patient);
    if (key === undefined || key === 'erased') return null;
    const { input } = p;
    const leaf = input.leafHash ?? createHash('sha256').update(input.canonical).digest();
    return [
      p.id,
      input.reading.deviceId,
      input.reading.seq,
      p.patient,
      p.code,
      p.effectiveAt,
      input.receivedAt,
      input.transport,
      leaf,
      sealReading(key, p.patient, p.id, input.canonical),
      input.quarantined ? 1 : 0,
    ];
  });

  const deviceIds = [...new Set(prepared.map((p) => p.input.reading.deviceId))];
  const { driver } = ctx;
  const d = driver.dialect;
  const insertSql = (n: number) =>
    `INSERT INTO readings (${COLUMNS.join(', ')}) VALUES ${valuesPlaceholders(n, COLUMNS.length)} ON CONFLICT DO NOTHING RETURNING pos, device_id, seq`;

  const { inserted, quarantinedDevices } = await driver.transaction(async (tx) => {
    if (d.serializeWritesSql) await tx.run(d.serializeWritesSql);
    const quarantinedDevices = new Set<string>();
    for (const part of chunk(deviceIds, 500)) {
      const qrows = await tx.rows(
        `SELECT device_id FROM devices WHERE quarantined = 1 AND device_id IN (${listPlaceholders(part.length)})`,
        part,
      );
      for (const [deviceId] of qrows) quarantinedDevices.add(deviceId as string);
    }
    const values = sealed.filter((v): v is SqlValue[] => v !== null);
    if (quarantinedDevices.size > 0) {
      for (const v of values) if (quarantinedDevices.has(v[1] as string)) v[10] = 1;
    }
    const inserted = new Map<string, number>();
    if (d.rowidInserts) {
      // SQLite: one cached single-row statement, the rowid is pos.
      const sql = `INSERT INTO readings (${COLUMNS.join(', ')}) VALUES ${valuesPlaceholders(1, COLUMNS.length)} ON CONFLICT DO NOTHING`;
      for (const v of values) {
        const pos = await tx.insertRowid(sql, v);
        if (pos !== null) inserted.set(keyOf(v[1] as string, v[2] as number), pos);
      }
    } else
      for (const part of chunk(values, d.chunkRows(COLUMNS.length))) {
        const sql = insertSql(part.length);
        const returned = await tx.rows(sql, part.length === 1 ? part[0] : part.flat());
        for (const [pos, deviceId, seq] of returned)
          inserted.set(keyOf(deviceId as string, Number(seq)), Number(pos));
      }
    const touched = [...new Set(values.map((v) => v[1] as string))];
    for (const part of chunk(touched, 500)) {
      await tx.run(
        `UPDATE devices SET last_seq = (SELECT MAX(seq) FROM readings r WHERE r.device_id = devices.device_id) WHERE device_id IN (${listPlaceholders(part.length)})`,
        part,
      );
    }
    return { inserted, quarantinedDevices };
  });

  let stored = 0;
  let duplicates = 0;
  const outcomes: InsertOutcome[] = prepared.map((p, i) => {
    const { deviceId, seq } = p.input.reading;
    if (sealed[i] === null) return { status: 'erased', deviceId, seq };
    const k = keyOf(deviceId, seq);
    const pos = inserted.get(k);
    if (pos === undefined) {
      duplicates++;
      return { status: 'duplicate', deviceId, seq, id: p.id };
    }
    inserted.delete(k); // a second copy of the same (device, seq) in this call is a duplicate
    stored++;
    return {
      status: 'stored',
      pos,
      id: p.id,
      quarantined: Boolean(p.input.quarantined) || quarantinedDevices.has(deviceId),
    };
  });
  return { stored, duplicates, outcomes };
}
