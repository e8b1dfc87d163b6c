/** Which PhysioNet 2012 parameters a deterioration model may use. */
export type FeatureSet = 'vitals' | 'all';

/** Bedside vital-sign parameters (the `vitals` feature set), beside the static descriptors. */
export const VITAL_PARAMETERS = [
  'HR',
  'SysABP',
  'DiasABP',
  'MAP',
  'NISysABP',
  'NIDiasABP',
  'NIMAP',
  'RespRate',
  'Temp',
  'SaO2',
  'GCS',
  'Urine',
  'FiO2',
  'MechVent',
] as const;

/** Laboratory parameters, added in the `all` feature set. */
export const LAB_PARAMETERS = [
  'pH',
  'PaCO2',
  'PaO2',
  'HCT',
  'K',
  'Platelets',
  'Creatinine',
  'BUN',
  'Mg',
  'HCO3',
  'Na',
  'Glucose',
  'WBC',
  'Lactate',
  'AST',
  'Bilirubin',
  'ALT',
  'ALP',
  'Albumin',
  'TroponinT',
  'TroponinI',
  'Cholesterol',
] as const;

/** Merged invasive/non-invasive series derived before feature extraction. */
export const MERGED_PARAMETERS = {
  SBP: ['SysABP', 'NISysABP'],
  DBP: ['DiasABP', 'NIDiasABP'],
  MAPany: ['MAP', 'NIMAP'],
} as const;

/** Plausible ranges; values outside are treated as recording errors and dropped. */
export const PLAUSIBLE_RANGES: Record<string, [number, number]> = {
  HR: [1, 300],
  SysABP: [1, 300],
  DiasABP: [1, 250],
  MAP: [1, 300],
  NISysABP: [1, 300],
  NIDiasABP: [1, 250],
  NIMAP: [1, 300],
  RespRate: [1, 100],
  Temp: [25, 45],
  SaO2: [20, 100],
  GCS: [3, 15],
  Urine: [0, 5000],
  FiO2: [0.21, 1],
  MechVent: [0, 1],
  pH: [6.5, 8],
  PaCO2: [5, 200],
  PaO2: [10, 700],
  Weight: [20, 300],
  Height: [100, 230],
  Age: [0, 120],
};

/** Every full-statistics block name, in order; the feature vector is built from these. */
export const SERIES_STATS = [
  'first',
  'last',
  'min',
  'max',
  'mean',
  'median',
  'std',
  'count',
  'slope',
  'lastTime',
  'recentMin',
  'recentMax',
] as const;

/** The smaller block used for sparse laboratory series. */
export const LAB_STATS = ['first', 'last', 'min', 'max', 'mean', 'count', 'lastTime'] as const;

export const STATIC_FEATURES = [
  'Age',
  'Gender',
  'Height',
  'Weight',
  'ICUType1',
  'ICUType2',
  'ICUType3',
  'ICUType4',
] as const;

export const DERIVED_FEATURES = [
  'urineTotal',
  'urineRecent',
  'urinePerKgHour',
  'urineQ1',
  'urineQ2',
  'urineQ3',
  'urineQ4',
  'shockIndexMax',
  'shockIndexLast',
  'mechVentAny',
  'oxygenAny',
  'pfRatioMin',
  'news2Worst',
  'news2Last',
  'news2Mean',
  'news2WorstRespirationRate',
  'news2WorstSpo2',
  'news2WorstAirOrOxygen',
  'news2WorstSystolic',
  'news2WorstPulse',
  'news2WorstConsciousness',
  'news2WorstTemperature',
] as const;

/** Missing feature values are encoded with this sentinel (the XGBoost build rejects NaN). */
export const MISSING = -999;

/** The ordered feature names for a feature set. */
export function featureNames(featureSet: FeatureSet): string[] {
  const names: string[] = [...STATIC_FEATURES];
  const full = [...VITAL_PARAMETERS.filter((p) => p !== 'MechVent'), ...Object.keys(MERGED_PARAMETERS)];
  for (const p of full) for (const s of SERIES_STATS) names.push(`${p}.${s}`);
  if (featureSet === 'all')
    for (const p of LAB_PARAMETERS) for (const s of LAB_STATS) names.push(`${p}.${s}`);
  names.push(...DERIVED_FEATURES);
  if (featureSet === 'all') names.push('bunCreatinineRatio', 'labCount');
  return names;
}
