import type { Observation } from '@medplum/fhirtypes';

/** A scalar a device reports, compared across devices and against the device's own history. */
export type Quantity =
  | 'heartRate'
  | 'respiratoryRate'
  | 'spo2'
  | 'bodyTemperature'
  | 'systolic'
  | 'diastolic';

const BY_LOINC: Record<string, Quantity> = {
  '8867-4': 'heartRate',
  '9279-1': 'respiratoryRate',
  '59408-5': 'spo2',
  '2708-6': 'spo2',
  '8310-5': 'bodyTemperature',
  '8480-6': 'systolic',
  '8462-4': 'diastolic',
};

const loincOf = (c: { coding?: { system?: string; code?: string }[] } | undefined): string | undefined =>
  c?.coding?.find((x) => x.system === 'http://loinc.org')?.code;

/** The quantities of an Observation with their values (blood pressure gives systolic and diastolic). */
export function readingQuantities(observation: Observation): { quantity: Quantity; value: number }[] {
  const out: { quantity: Quantity; value: number }[] = [];
  const top = BY_LOINC[loincOf(observation.code) ?? ''];
  const v = observation.valueQuantity?.value;
  if (top && typeof v === 'number') out.push({ quantity: top, value: v });
  for (const c of observation.component ?? []) {
    const q = BY_LOINC[loincOf(c.code) ?? ''];
    const cv = c.valueQuantity?.value;
    if (q && typeof cv === 'number') out.push({ quantity: q, value: cv });
  }
  return out;
}

/** Per-quantity scales used by the sources: the smallest clinically meaningful gap between devices and jump. */
export const QUANTITY_SCALES: Record<
  Quantity,
  { tolerance: number; relativeTolerance: number; noise: number; minJump: number }
> = {
  heartRate: { tolerance: 12, relativeTolerance: 0.12, noise: 3, minJump: 25 },
  respiratoryRate: { tolerance: 5, relativeTolerance: 0.2, noise: 1.5, minJump: 10 },
  spo2: { tolerance: 4, relativeTolerance: 0, noise: 1, minJump: 8 },
  bodyTemperature: { tolerance: 0.8, relativeTolerance: 0, noise: 0.2, minJump: 1.5 },
  systolic: { tolerance: 15, relativeTolerance: 0.12, noise: 4, minJump: 35 },
  diastolic: { tolerance: 12, relativeTolerance: 0.12, noise: 3, minJump: 25 },
};
