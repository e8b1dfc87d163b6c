import type { PhysionetRecord } from '../physionet/types.ts';
import { type CreateAnomalyDetectorParameters, createAnomalyDetector } from './createAnomalyDetector.ts';
import type { AnomalyFlag, Vital } from './types.ts';

export type Snapshot = { time: number; values: Partial<Record<Vital, number | null>> };

export type InjectionKind = 'spike' | 'flatline' | 'zero' | 'gap' | 'deterioration';

export type EvaluateAnomalyDetectorReturnType = {
  trajectories: number;
  readings: number;
  /** Share of flags caused by injected artefacts that were labelled `artefact` (goal >= 0.9). */
  artefactFlagsLabelledArtefact: number;
  /** Share of injected deteriorations raising at least one `clinical` flag. */
  deteriorationsLabelledClinical: number;
  /** Share of flags caused by injected deteriorations that were labelled `clinical`. */
  deteriorationFlagsLabelledClinical: number;
  /** Share of injections of each kind that raised any flag. */
  detected: Record<InjectionKind, number>;
  /** Flags per 100 readings on the untouched trajectories (real PhysioNet courses). */
  backgroundFlagsPer100Readings: number;
  /** Background flags by `kind/likely`. */
  backgroundByKind: Record<string, number>;
};

const MAP: [string, Vital][] = [
  ['HR', 'heartRate'],
  ['RespRate', 'respiratoryRate'],
  ['SaO2', 'spo2'],
  ['Temp', 'temperature'],
  ['NISysABP', 'systolic'],
  ['SysABP', 'systolic'],
  ['NIDiasABP', 'diastolic'],
  ['DiasABP', 'diastolic'],
];

/** Turns a cleaned PhysioNet stay into snapshots at every time heart rate was charted. */
export function physionetSnapshots(record: PhysionetRecord): Snapshot[] {
  const byTime = new Map<number, Partial<Record<Vital, number>>>();
  const hr = record.series.HR;
  if (!hr) return [];
  for (const t of hr.t) byTime.set(t, {});
  for (const [p, vital] of MAP) {
    const s = record.series[p];
    if (!s) continue;
    for (let i = 0; i < s.t.length; i++) {
      const snap = byTime.get(s.t[i]!);
      if (snap && snap[vital] === undefined) snap[vital] = s.v[i]!;
    }
  }
  return [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, values]) => ({ time: t * 60_000, values }));
}

function runDetector(snaps: Snapshot[], options: CreateAnomalyDetectorParameters): AnomalyFlag[] {
  const d = createAnomalyDetector(options);
  return snaps.flatMap((s) => d.observe('p', s.time, s.values));
}

const key = (f: AnomalyFlag): string => `${f.time}|${f.vital}|${f.kind}|${f.likely}`;

/** Applies one injection in place; returns the vitals it touched and the index span it covers. */
function inject(
  snaps: Snapshot[],
  kind: InjectionKind,
  i0: number,
  r: () => number,
): { vitals: Vital[]; end: number } {
  const v = snaps[i0]!.values;
  switch (kind) {
    case 'spike': {
      const vital: Vital = v.systolic !== undefined && r() < 0.5 ? 'systolic' : 'heartRate';
      const sign = r() < 0.5 ? -1 : 1;
      const size = vital === 'heartRate' ? 40 + 30 * r() : 50 + 30 * r();
      v[vital] = Math.max(5, (v[vital] ?? 0) + sign * size);
      return { vitals: [vital], end: i0 };
    }
    case 'flatline': {
      for (let i = i0; i < i0 + 12; i++) snaps[i]!.values.heartRate = v.heartRate ?? null;
      return { vitals: ['heartRate'], end: i0 + 11 };
    }
    case 'zero':
      v.heartRate = 0;
      return { vitals: ['heartRate'], end: i0 };
    case 'gap':
      snaps.splice(i0, 8);
      return {
        vitals: ['heartRate', 'respiratoryRate', 'spo2', 'temperature', 'systolic', 'diastolic'],
        end: i0,
      };
    case 'deterioration': {
      const hrUp = 30 + 15 * r();
      const sbpDown = 30 + 15 * r();
      const rrUp = 8 + 6 * r();
      for (let i = i0; i < snaps.length; i++) {
        const ramp = Math.min(1, (i - i0 + 1) / 3);
        const s = snaps[i]!.values;
        if (typeof s.heartRate === 'number') s.heartRate += hrUp * ramp;
        if (typeof s.systolic === 'number') s.systolic -= sbpDown * ramp;
        if (typeof s.respiratoryRate === 'number') s.respiratoryRate += rrUp * ramp;
        if (typeof s.spo2 === 'number') s.spo2 = Math.min(100, s.spo2 - 6 * ramp);
      }
      return { vitals: ['heartRate', 'systolic', 'respiratoryRate', 'spo2'], end: snaps.length - 1 };
    }
  }
}

/**
 * Injects artefacts (spikes, flat lines, zero readings, gaps) and genuine deteriorations (coherent HR up,
 * SBP down, RR up, SpO2 down, sustained) into real PhysioNet trajectories, one injection per copy, and
 * measures how the detector labels the flags the injection caused (flags absent from the clean run).
 */
export function evaluateAnomalyDetector(
  records: PhysionetRecord[],
  options: CreateAnomalyDetectorParameters & { seed?: number } = {},
): EvaluateAnomalyDetectorReturnType {
  let seed = options.seed ?? 7;
  const r = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const kinds: InjectionKind[] = ['spike', 'flatline', 'zero', 'gap', 'deterioration'];
  const injected: Record<InjectionKind, number> = {
    spike: 0,
    flatline: 0,
    zero: 0,
    gap: 0,
    deterioration: 0,
  };
  const hit: Record<InjectionKind, number> = { spike: 0, flatline: 0, zero: 0, gap: 0, deterioration: 0 };
  let artefactFlags = 0;
  let artefactAsArtefact = 0;
  let detFlags = 0;
  let detAsClinical = 0;
  let detWithClinical = 0;
  let trajectories = 0;
  let readings = 0;
  let background = 0;
  const byKind: Record<string, number> = {};
  for (const record of records) {
    const clean = physionetSnapshots(record);
    if (clean.length < 30) continue;
    trajectories++;
    readings += clean.length;
    const cleanFlags = runDetector(clean, options);
    background += cleanFlags.length;
    for (const f of cleanFlags) byKind[`${f.kind}/${f.likely}`] = (byKind[`${f.kind}/${f.likely}`] ?? 0) + 1;
    const cleanKeys = new Set(cleanFlags.map(key));
    for (const kind of kinds) {
      const snaps = clean.map((s) => ({ time: s.time, values: { ...s.values } }));
      const i0 = 10 + Math.floor(r() * (snaps.length - 24));
      const t0 = snaps[i0]!.time;
      const { vitals, end } = inject(snaps, kind, i0, r);
      const tEnd = snaps[Math.min(snaps.length - 1, end + 3)]!.time;
      const caused = runDetector(snaps, options).filter(
        (f) => !cleanKeys.has(key(f)) && f.time >= t0 && f.time <= tEnd && vitals.includes(f.vital),
      );
      injected[kind]++;
      if (caused.length > 0) hit[kind]++;
      if (kind === 'deterioration') {
        detFlags += caused.length;
        const clinical = caused.filter((f) => f.likely === 'clinical').length;
        detAsClinical += clinical;
        if (clinical > 0) detWithClinical++;
      } else {
        artefactFlags += caused.length;
        artefactAsArtefact += caused.filter((f) => f.likely === 'artefact').length;
      }
    }
  }
  const share = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);
  const detected = {} as Record<InjectionKind, number>;
  for (const k of kinds) detected[k] = share(hit[k], injected[k]);
  return {
    trajectories,
    readings,
    artefactFlagsLabelledArtefact: share(artefactAsArtefact, artefactFlags),
    deteriorationsLabelledClinical: share(detWithClinical, injected.deterioration),
    deteriorationFlagsLabelledClinical: share(detAsClinical, detFlags),
    detected,
    backgroundFlagsPer100Readings: share(100 * background, readings),
    backgroundByKind: byKind,
  };
}
