import { createHash } from 'node:crypto';
import type { PhysionetRecord } from '../../clinical/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';

/** How training and test patients are split into hospitals. */
export type HospitalSplit = { kind: 'icu-type' } | { kind: 'hash'; count: number };

/** PhysioNet 2012's four ICU types: a natural non-IID split (different case mix and mortality). */
export const ICU_TYPE_HOSPITALS: Record<number, string> = {
  1: 'icu-coronary-care',
  2: 'icu-cardiac-surgery',
  3: 'icu-medical',
  4: 'icu-surgical',
};

/** Parses `--hospitals icu-type|N`. */
export function parseHospitalSplit(value: string): HospitalSplit {
  if (value === 'icu-type') return { kind: 'icu-type' };
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 || n > 256) {
    throw new InvalidArgumentError('--hospitals must be icu-type or an integer from 2 to 256');
  }
  return { kind: 'hash', count: n };
}

/** The hospital of one stay: its ICU type, or SHA-256 of its record id modulo N. */
export function hospitalOf(record: PhysionetRecord, split: HospitalSplit): string {
  if (split.kind === 'icu-type') {
    const id = ICU_TYPE_HOSPITALS[record.descriptors.ICUType ?? -1];
    if (!id) throw new InvalidArgumentError(`stay ${record.recordId} has no ICU type (1-4)`);
    return id;
  }
  const h = createHash('sha256').update(record.recordId).digest().readUInt32BE(0) % split.count;
  return `hospital-${String(h + 1).padStart(3, '0')}`;
}
