import { type Consciousness, computeNews2, type News2Parameter } from '../news2/computeNews2.ts';
import type { PhysionetRecord } from '../physionet/types.ts';

export type News2CourseReturnType = {
  /** Worst (highest) NEWS2 total over the window; undefined when no vital was recorded. */
  worst: number | undefined;
  last: number | undefined;
  mean: number | undefined;
  /** Worst score of each parameter over the window. */
  worstScores: Partial<Record<News2Parameter, number>>;
};

const INPUTS = ['RespRate', 'SaO2', 'FiO2', 'MechVent', 'NISysABP', 'SysABP', 'HR', 'GCS', 'Temp'] as const;

/**
 * NEWS2 over the first `hours` of a PhysioNet stay, re-scored at every observation with the last value
 * of each input carried forward. Mapping: SaO2 -> SpO2, FiO2 > 0.21 or mechanical ventilation -> oxygen,
 * GCS 15 -> Alert (else not alert, scored 3), NISysABP or SysABP (most recent) -> systolic, HR -> pulse.
 */
export function news2Course(record: PhysionetRecord, hours: number): News2CourseReturnType {
  const end = hours * 60;
  const events: { t: number; p: (typeof INPUTS)[number]; v: number }[] = [];
  for (const p of INPUTS) {
    const s = record.series[p];
    if (!s) continue;
    for (let i = 0; i < s.t.length && s.t[i]! <= end; i++) events.push({ t: s.t[i]!, p, v: s.v[i]! });
  }
  events.sort((a, b) => a.t - b.t);
  const state: Partial<Record<(typeof INPUTS)[number], number>> = {};
  let lastSystolicAt = -1;
  let systolic: number | undefined;
  let worst: number | undefined;
  let last: number | undefined;
  let sum = 0;
  let n = 0;
  const worstScores: Partial<Record<News2Parameter, number>> = {};
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    state[e.p] = e.v;
    if ((e.p === 'NISysABP' || e.p === 'SysABP') && e.t >= lastSystolicAt) {
      systolic = e.v;
      lastSystolicAt = e.t;
    }
    if (i + 1 < events.length && events[i + 1]!.t === e.t) continue;
    const fio2 = state.FiO2;
    const onOxygen =
      fio2 !== undefined || state.MechVent !== undefined
        ? (fio2 ?? 0) > 0.21 || state.MechVent === 1
        : undefined;
    const consciousness: Consciousness | undefined =
      state.GCS === undefined ? undefined : state.GCS >= 15 ? 'A' : 'V';
    const r = computeNews2({
      respirationRate: state.RespRate,
      spo2: state.SaO2,
      onOxygen,
      systolic,
      pulse: state.HR,
      consciousness,
      temperature: state.Temp,
    });
    worst = worst === undefined ? r.total : Math.max(worst, r.total);
    last = r.total;
    sum += r.total;
    n++;
    for (const [k, v] of Object.entries(r.scores) as [News2Parameter, number][]) {
      worstScores[k] = Math.max(worstScores[k] ?? 0, v);
    }
  }
  return { worst, last, mean: n > 0 ? sum / n : undefined, worstScores };
}
