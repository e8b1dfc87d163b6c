import type { ClinicalEntryRow } from '../../store/index.ts';
import type { Consciousness } from '../news2/computeNews2.ts';

/** What a clinician records at the bedside that no device measures, and NEWS2 needs. */
export type ClinicalEntryKind = 'consciousness' | 'oxygen' | 'spo2-scale';

/** The value of each kind: ACVPU; air or supplemental oxygen (flow optional); SpO2 scale 1 or 2. */
export type ClinicalEntryValue =
  | { kind: 'consciousness'; acvpu: Consciousness }
  | { kind: 'oxygen'; onOxygen: boolean; flowLpm?: number | undefined }
  | { kind: 'spo2-scale'; scale: 1 | 2 };

/** One recorded entry: who, when, what (audited; the value is sealed with the patient's key at rest). */
export type ClinicalEntry = ClinicalEntryValue & {
  id: string;
  patient: string;
  enteredBy: string;
  enteredAt: number;
};

/** The entries in force for a patient: the latest of each kind. */
export type PatientEntries = {
  consciousness?: ClinicalEntry & { kind: 'consciousness' };
  oxygen?: ClinicalEntry & { kind: 'oxygen' };
  spo2Scale?: ClinicalEntry & { kind: 'spo2-scale' };
};

/** Puts an entry in the patient's set if it is newer than the one of its kind. */
export function applyEntry(entries: PatientEntries, e: ClinicalEntry): void {
  const slot = e.kind === 'consciousness' ? 'consciousness' : e.kind === 'oxygen' ? 'oxygen' : 'spo2Scale';
  const current = entries[slot];
  if (current && current.enteredAt > e.enteredAt) return;
  (entries as Record<string, ClinicalEntry>)[slot] = e;
}

const ACVPU = ['A', 'C', 'V', 'P', 'U'] as const;

/** Validates an entry value from outside (the API); returns null when it is not one. */
export function parseEntryValue(v: unknown): ClinicalEntryValue | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (o.kind === 'consciousness' && ACVPU.includes(o.acvpu as Consciousness)) {
    return { kind: 'consciousness', acvpu: o.acvpu as Consciousness };
  }
  if (o.kind === 'oxygen' && typeof o.onOxygen === 'boolean') {
    const flow = o.flowLpm;
    if (flow !== undefined && (typeof flow !== 'number' || !(flow > 0 && flow <= 60))) return null;
    if (flow !== undefined && !o.onOxygen) return null;
    return { kind: 'oxygen', onOxygen: o.onOxygen, ...(flow === undefined ? {} : { flowLpm: flow }) };
  }
  if (o.kind === 'spo2-scale' && (o.scale === 1 || o.scale === 2))
    return { kind: 'spo2-scale', scale: o.scale };
  return null;
}

/** The store row of an entry (the value as JSON, sealed by the store). */
export function entryToRow(e: ClinicalEntry): ClinicalEntryRow {
  const { id, patient, enteredBy, enteredAt, ...value } = e;
  return { id, patient, kind: e.kind, enteredBy, enteredAt, value: Buffer.from(JSON.stringify(value)) };
}

/** An entry from its store row; null when the patient was erased or the value is not one. */
export function entryFromRow(row: ClinicalEntryRow): ClinicalEntry | null {
  if (!row.value) return null;
  const value = parseEntryValue(JSON.parse(Buffer.from(row.value).toString('utf8')));
  if (!value || value.kind !== row.kind) return null;
  return { ...value, id: row.id, patient: row.patient, enteredBy: row.enteredBy, enteredAt: row.enteredAt };
}
