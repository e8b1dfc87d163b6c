/** Vitals the streaming detector follows. */
export type Vital = 'heartRate' | 'respiratoryRate' | 'spo2' | 'temperature' | 'systolic' | 'diastolic';

export const VITALS: readonly Vital[] = [
  'heartRate',
  'respiratoryRate',
  'spo2',
  'temperature',
  'systolic',
  'diastolic',
];

export type AnomalyKind = 'jump' | 'flatline' | 'dropout' | 'impossible' | 'trend';

/** One flag raised by the detector. `score` is in [0, 1]: higher = stronger evidence. */
export type AnomalyFlag = {
  vital: Vital;
  kind: AnomalyKind;
  likely: 'artefact' | 'clinical';
  score: number;
  message: string;
  /** Time of the reading that raised the flag (ms). */
  time: number;
};

/** Per-vital tuning: robust scale floor, minimum clinically relevant change, impossible ranges and rates. */
export type VitalLimits = {
  /** Lower bound of the robust spread estimate (units of the vital). */
  minSigma: number;
  /** A deviation smaller than this is never a jump, whatever the spread. */
  minDelta: number;
  /** Physiologically possible range; values outside are `impossible`. */
  range: [number, number];
  /** Largest possible change: `maxStep + maxRatePerMin * minutes` between consecutive readings. */
  maxStep: number;
  maxRatePerMin: number;
  /** Identical consecutive readings before a flat line is flagged. */
  flatCount: number;
  /** Direction a deterioration moves this vital (+1 up, -1 down, 0 either). */
  badDirection: 1 | -1 | 0;
};

export const DEFAULT_LIMITS: Record<Vital, VitalLimits> = {
  heartRate: {
    minSigma: 3,
    minDelta: 20,
    range: [20, 300],
    maxStep: 60,
    maxRatePerMin: 30,
    flatCount: 8,
    badDirection: 1,
  },
  respiratoryRate: {
    minSigma: 1.5,
    minDelta: 8,
    range: [2, 80],
    maxStep: 20,
    maxRatePerMin: 10,
    flatCount: 10,
    badDirection: 1,
  },
  spo2: {
    minSigma: 1,
    minDelta: 5,
    range: [40, 100],
    maxStep: 25,
    maxRatePerMin: 10,
    flatCount: 12,
    badDirection: -1,
  },
  temperature: {
    minSigma: 0.15,
    minDelta: 1,
    range: [25, 45],
    maxStep: 1.5,
    maxRatePerMin: 0.05,
    flatCount: 16,
    badDirection: 0,
  },
  systolic: {
    minSigma: 5,
    minDelta: 25,
    range: [40, 300],
    maxStep: 70,
    maxRatePerMin: 30,
    flatCount: 8,
    badDirection: -1,
  },
  diastolic: {
    minSigma: 4,
    minDelta: 20,
    range: [15, 200],
    maxStep: 50,
    maxRatePerMin: 20,
    flatCount: 8,
    badDirection: -1,
  },
};
