import { cleanRecord } from '../physionet/cleanRecord.ts';
import type { PhysionetRecord } from '../physionet/types.ts';
import { extractFeatures } from './extractFeatures.ts';
import type { FeatureSet } from './featureSpec.ts';

/** One live reading: a Vigil vital name or a PhysioNet parameter name, with its time (epoch ms). */
export type LiveReading = { time: number; parameter: string; value: number };

/** Vigil vital names mapped to the PhysioNet 2012 parameters the model was trained on. */
export const LIVE_PARAMETER_MAP: Record<string, string> = {
  heartRate: 'HR',
  respiratoryRate: 'RespRate',
  spo2: 'SaO2',
  temperature: 'Temp',
  systolic: 'NISysABP',
  diastolic: 'NIDiasABP',
  meanArterialPressure: 'NIMAP',
  gcs: 'GCS',
  fio2: 'FiO2',
  urine: 'Urine',
};

export type FeaturesFromReadingsParameters = {
  readings: readonly LiveReading[];
  /** ICU (or monitoring) admission time, epoch ms: feature windows start here. */
  admittedAt: number;
  /** Static descriptors when known: Age, Gender (0 female, 1 male), Height (cm), Weight (kg), ICUType (1-4). */
  descriptors?: Record<string, number>;
  hours: number;
  featureSet: FeatureSet;
};

/** Builds a PhysioNet-style stay from a live patient's readings (so the gateway can score live patients). */
export function recordFromReadings(
  params: Omit<FeaturesFromReadingsParameters, 'hours' | 'featureSet'>,
): PhysionetRecord {
  const series: PhysionetRecord['series'] = {};
  const sorted = [...params.readings].sort((a, b) => a.time - b.time);
  for (const r of sorted) {
    const p = LIVE_PARAMETER_MAP[r.parameter] ?? r.parameter;
    const minutes = (r.time - params.admittedAt) / 60_000;
    if (minutes < 0 || !Number.isFinite(r.value)) continue;
    const s = series[p] ?? { t: [], v: [] };
    series[p] = s;
    s.t.push(minutes);
    s.v.push(r.value);
  }
  return { recordId: 'live', descriptors: { ...params.descriptors }, series };
}

/** Feature vector (model order) for a live patient's readings over the first `hours` since admission. */
export function featuresFromReadings(params: FeaturesFromReadingsParameters): number[] {
  return extractFeatures(cleanRecord(recordFromReadings(params)), {
    hours: params.hours,
    featureSet: params.featureSet,
  });
}
