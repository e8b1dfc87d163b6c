import { createHash, randomUUID } from 'node:crypto';
import type { StoreContext } from '../context.ts';
import { sealReading } from '../crypto/patientKeys.ts';
import type { SqlValue } from '../db/Driver.ts';
import { InvalidRowError } from '../errors.ts';
import type { InsertOutcome, InsertReadingsReturnType, ReadingInput } from '../types.ts';
import { createGroupCommit } from './groupCommit.ts';
import { writeReadingRows } from './writeReadingRows.ts';

const LEAF_PREFIX = Buffer.from([0x00]);

export type InsertReadingsParameters = readonly ReadingInput[];
export type { InsertReadingsReturnType };

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

const groupCommits = new WeakMap<
  StoreContext,
  (values: SqlValue[][]) => Promise<(number | null | 'erased')[]>
>();

/** One group-commit queue per opened store. */
function groupCommitFor(ctx: StoreContext) {
  let queue = groupCommits.get(ctx);
  if (!queue) {
    queue = createGroupCommit((values: SqlValue[][]) => writeReadingRows(ctx.driver, values));
    groupCommits.set(ctx, queue);
  }
  return queue;
}

/**
 * Stores verified readings atomically: one transaction per call, or shared with calls that
 * arrived meanwhile (group commit), and resolved only once committed. A replayed (device_id, seq) or a reused id does
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
    // Default: the RFC 6962 leaf hash SHA-256(0x00 ‖ canonical), as batches and proofs use it.
    const leaf = input.leafHash ?? createHash('sha256').update(LEAF_PREFIX).update(input.canonical).digest();
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

  const values = sealed.filter((v): v is SqlValue[] => v !== null);
  const positions = await groupCommitFor(ctx)(values);
  const byRow = new Map(values.map((v, i) => [v, positions[i] ?? null]));

  let stored = 0;
  let duplicates = 0;
  const outcomes: InsertOutcome[] = prepared.map((p, i) => {
    const { deviceId, seq } = p.input.reading;
    const row = sealed[i];
    if (!row) return { status: 'erased', deviceId, seq };
    const pos = byRow.get(row) ?? null;
    if (pos === 'erased') {
      ctx.keys.forget(p.patient);
      return { status: 'erased', deviceId, seq };
    }
    if (pos === null) {
      duplicates++;
      return { status: 'duplicate', deviceId, seq, id: p.id };
    }
    stored++;
    return { status: 'stored', pos, id: p.id, quarantined: row[10] === 1 };
  });
  return { stored, duplicates, outcomes };
}
