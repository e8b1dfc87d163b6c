/** ACVPU consciousness: Alert, new Confusion, responds to Voice, to Pain, Unresponsive. */
export type Consciousness = 'A' | 'C' | 'V' | 'P' | 'U';

/** NEWS2 inputs; any omitted parameter is reported as missing, never scored 0. */
export type ComputeNews2Parameters = {
  respirationRate?: number | undefined;
  spo2?: number | undefined;
  /** 2 only for patients with confirmed hypercapnic respiratory failure (clinical decision). Default 1. */
  spo2Scale?: 1 | 2 | undefined;
  /** true when the patient receives supplemental oxygen. */
  onOxygen?: boolean | undefined;
  systolic?: number | undefined;
  pulse?: number | undefined;
  consciousness?: Consciousness | undefined;
  /** Body temperature in degrees Celsius. */
  temperature?: number | undefined;
};

export type News2Parameter =
  | 'respirationRate'
  | 'spo2'
  | 'airOrOxygen'
  | 'systolic'
  | 'pulse'
  | 'consciousness'
  | 'temperature';

/** RCP clinical response bands. `low-medium` = total 0-4 with a single parameter scoring 3. */
export type News2Band = 'low' | 'low-medium' | 'medium' | 'high';

export type ComputeNews2ReturnType = {
  scores: Partial<Record<News2Parameter, number>>;
  /** Sum of the parameters present. */
  total: number;
  band: News2Band;
  /** Parameters that were not supplied; when any, `total` and `band` are lower bounds. */
  missing: News2Parameter[];
  complete: boolean;
};

export const NEWS2_PARAMETERS: readonly News2Parameter[] = [
  'respirationRate',
  'spo2',
  'airOrOxygen',
  'systolic',
  'pulse',
  'consciousness',
  'temperature',
];

const present = (x: number | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** Respiration rate (breaths/min, charted as an integer): <=8:3, 9-11:1, 12-20:0, 21-24:2, >=25:3. */
export function scoreRespirationRate(rate: number): number {
  const r = Math.round(rate);
  if (r <= 8) return 3;
  if (r <= 11) return 1;
  if (r <= 20) return 0;
  if (r <= 24) return 2;
  return 3;
}

/** SpO2 scale 1 (%): <=91:3, 92-93:2, 94-95:1, >=96:0. */
export function scoreSpo2Scale1(spo2: number): number {
  const s = Math.round(spo2);
  if (s <= 91) return 3;
  if (s <= 93) return 2;
  if (s <= 95) return 1;
  return 0;
}

/**
 * SpO2 scale 2 (%): <=83:3, 84-85:2, 86-87:1, 88-92:0, >=93 on air:0,
 * 93-94 on oxygen:1, 95-96 on oxygen:2, >=97 on oxygen:3.
 */
export function scoreSpo2Scale2(spo2: number, onOxygen: boolean): number {
  const s = Math.round(spo2);
  if (s <= 83) return 3;
  if (s <= 85) return 2;
  if (s <= 87) return 1;
  if (s <= 92 || !onOxygen) return 0;
  if (s <= 94) return 1;
  if (s <= 96) return 2;
  return 3;
}

/** Systolic blood pressure (mmHg): <=90:3, 91-100:2, 101-110:1, 111-219:0, >=220:3. */
export function scoreSystolic(systolic: number): number {
  const s = Math.round(systolic);
  if (s <= 90) return 3;
  if (s <= 100) return 2;
  if (s <= 110) return 1;
  if (s <= 219) return 0;
  return 3;
}

/** Pulse (beats/min): <=40:3, 41-50:1, 51-90:0, 91-110:1, 111-130:2, >=131:3. */
export function scorePulse(pulse: number): number {
  const p = Math.round(pulse);
  if (p <= 40) return 3;
  if (p <= 50) return 1;
  if (p <= 90) return 0;
  if (p <= 110) return 1;
  if (p <= 130) return 2;
  return 3;
}

/** Temperature (degrees C, charted to 0.1): <=35.0:3, 35.1-36.0:1, 36.1-38.0:0, 38.1-39.0:1, >=39.1:2. */
export function scoreTemperature(temperature: number): number {
  const t = Math.round(temperature * 10);
  if (t <= 350) return 3;
  if (t <= 360) return 1;
  if (t <= 380) return 0;
  if (t <= 390) return 1;
  return 2;
}

/** Maps a total and per-parameter scores to the RCP clinical response band. */
export function news2Band(total: number, maxSingle: number): News2Band {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  if (maxSingle >= 3) return 'low-medium';
  return 'low';
}

/** Computes the NEWS2 score (Royal College of Physicians, 2017) with per-parameter scores and band. */
export function computeNews2(params: ComputeNews2Parameters): ComputeNews2ReturnType {
  const scores: Partial<Record<News2Parameter, number>> = {};
  if (present(params.respirationRate)) scores.respirationRate = scoreRespirationRate(params.respirationRate);
  if (present(params.spo2)) {
    // On scale 2 the SpO2 score depends on oxygen; without knowing it we cannot score above 92%.
    if (params.spo2Scale === 2) {
      if (params.onOxygen !== undefined || Math.round(params.spo2) <= 92) {
        scores.spo2 = scoreSpo2Scale2(params.spo2, params.onOxygen === true);
      }
    } else scores.spo2 = scoreSpo2Scale1(params.spo2);
  }
  if (params.onOxygen !== undefined) scores.airOrOxygen = params.onOxygen ? 2 : 0;
  if (present(params.systolic)) scores.systolic = scoreSystolic(params.systolic);
  if (present(params.pulse)) scores.pulse = scorePulse(params.pulse);
  if (params.consciousness !== undefined) scores.consciousness = params.consciousness === 'A' ? 0 : 3;
  if (present(params.temperature)) scores.temperature = scoreTemperature(params.temperature);
  let total = 0;
  let maxSingle = 0;
  for (const s of Object.values(scores)) {
    total += s;
    if (s > maxSingle) maxSingle = s;
  }
  const missing = NEWS2_PARAMETERS.filter((p) => scores[p] === undefined);
  return { scores, total, band: news2Band(total, maxSingle), missing, complete: missing.length === 0 };
}
