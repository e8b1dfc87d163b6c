import type { StoreContext } from '../context.ts';
import type { SqlValue } from '../db/Driver.ts';
import { InvalidRowError } from '../errors.ts';

/** One clinician entry as stored: who, when and which kind in clear; the value (JSON) sealed with the patient key. */
export type ClinicalEntryRow = {
  id: string;
  patient: string;
  kind: 'consciousness' | 'oxygen' | 'spo2-scale';
  enteredBy: string;
  enteredAt: number;
  /** JSON of the value; null on read when the patient was erased (crypto-shredding). */
  value: Uint8Array | null;
};

/** Filters of {@link listClinicalEntries}. */
export type ListClinicalEntriesParameters = {
  patient?: string;
  /** Only the newest entry of each (patient, kind). */
  latest?: boolean;
  /** Inclusive lower bound on the entry time (ms). */
  from?: number;
  limit?: number;
};

const aadId = (id: string) => `clinical-entry:${id}`;
const KINDS = ['consciousness', 'oxygen', 'spo2-scale'];

/** Stores one entry (the value encrypted with the patient's data key); an existing id is refused. */
export async function saveClinicalEntry(ctx: StoreContext, row: ClinicalEntryRow): Promise<void> {
  if (!KINDS.includes(row.kind) || row.value === null) {
    throw new InvalidRowError(`clinical entry ${row.id}: unknown kind or no value`, {
      details: { id: row.id },
    });
  }
  const sealed = await ctx.keys.encryptPayload(row.patient, aadId(row.id), row.value);
  await ctx.driver.run(
    `INSERT INTO clinical_entries (id, patient, kind, entered_by, entered_at, body) VALUES (?, ?, ?, ?, ?, ?)`,
    [row.id, row.patient, row.kind, row.enteredBy, row.enteredAt, sealed],
  );
}

/** Entries oldest first (or the newest of each patient and kind), decrypted; erased patients give `value: null`. */
export async function listClinicalEntries(
  ctx: StoreContext,
  params: ListClinicalEntriesParameters = {},
): Promise<ClinicalEntryRow[]> {
  const where: string[] = [];
  const args: SqlValue[] = [];
  if (params.patient !== undefined) {
    where.push('c.patient = ?');
    args.push(params.patient);
  }
  if (params.from !== undefined) {
    where.push('c.entered_at >= ?');
    args.push(params.from);
  }
  if (params.latest) {
    where.push(
      'c.entered_at = (SELECT MAX(d.entered_at) FROM clinical_entries d WHERE d.patient = c.patient AND d.kind = c.kind)',
    );
  }
  const rows = await ctx.driver.all<Record<string, unknown>>(
    `SELECT c.id, c.patient, c.kind, c.entered_by, c.entered_at, c.body FROM clinical_entries c
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.entered_at, c.id LIMIT ?`,
    [...args, params.limit ?? 10_000],
  );
  return Promise.all(
    rows.map(async (r) => {
      let value: Buffer | null = null;
      try {
        value = await ctx.keys.decryptPayload(r.patient as string, aadId(r.id as string), r.body as Buffer);
      } catch (error) {
        if ((error as { code?: string }).code !== 'VIGIL_PATIENT_ERASED') throw error;
      }
      return {
        id: r.id as string,
        patient: r.patient as string,
        kind: r.kind as ClinicalEntryRow['kind'],
        enteredBy: r.entered_by as string,
        enteredAt: Number(r.entered_at),
        value,
      };
    }),
  );
}
