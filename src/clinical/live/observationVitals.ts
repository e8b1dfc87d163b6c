import type { Observation } from '@medplum/fhirtypes';

/** Vitals followed live; `pulseRate` is an oximeter's heart rate (compared with the ECG's). */
export type LiveVital =
  | 'heartRate'
  | 'pulseRate'
  | 'respiratoryRate'
  | 'spo2'
  | 'temperature'
  | 'systolic'
  | 'diastolic';

export const LIVE_VITALS: readonly LiveVital[] = [
  'heartRate',
  'pulseRate',
  'respiratoryRate',
  'spo2',
  'temperature',
  'systolic',
  'diastolic',
];

const BY_LOINC: Record<string, LiveVital> = {
  '8867-4': 'heartRate',
  '9279-1': 'respiratoryRate',
  '59408-5': 'spo2',
  '2708-6': 'spo2',
  '8310-5': 'temperature',
  '8480-6': 'systolic',
  '8462-4': 'diastolic',
};

const loincOf = (code: Observation['code'] | undefined) =>
  code?.coding?.find((c) => c.system === 'http://loinc.org')?.code ?? code?.coding?.[0]?.code;

/**
 * The vital values of a verified vital-signs Observation (blood pressure gives systolic and diastolic).
 * A heart rate from an oximeter is its pulse rate, so the detector can compare the two sensors.
 */
export function observationVitals(
  observation: Observation,
  deviceKind?: string,
): Partial<Record<LiveVital, number>> {
  const out: Partial<Record<LiveVital, number>> = {};
  const put = (code: string | undefined, value: number | undefined) => {
    const vital = code === undefined ? undefined : BY_LOINC[code];
    if (vital === undefined || typeof value !== 'number') return;
    out[vital === 'heartRate' && deviceKind === 'oximeter' ? 'pulseRate' : vital] = value;
  };
  put(loincOf(observation.code), observation.valueQuantity?.value);
  for (const c of observation.component ?? []) put(loincOf(c.code), c.valueQuantity?.value);
  return out;
}

/** Effective time of an Observation in epoch ms (NaN when absent). */
export function observationTime(observation: Observation): number {
  return Date.parse(observation.effectiveDateTime ?? observation.effectiveInstant ?? '');
}
