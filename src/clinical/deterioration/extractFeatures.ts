import { ClinicalComputationError } from '../errors.ts';
import type { PhysionetRecord, Series } from '../physionet/types.ts';
import {
  type FeatureSet,
  featureNames,
  LAB_PARAMETERS,
  LAB_STATS,
  MERGED_PARAMETERS,
  MISSING,
  SERIES_STATS,
  VITAL_PARAMETERS,
} from './featureSpec.ts';
import { news2Course } from './news2Course.ts';

export type ExtractFeaturesParameters = { hours: number; featureSet: FeatureSet };

type Stats = Record<(typeof SERIES_STATS)[number], number>;

/** Restricts a series to [0, end] minutes. */
function window(s: Series | undefined, end: number): Series {
  if (!s) return { t: [], v: [] };
  let n = 0;
  while (n < s.t.length && s.t[n]! <= end) n++;
  return n === s.t.length ? s : { t: s.t.slice(0, n), v: s.v.slice(0, n) };
}

function merge(a: Series, b: Series): Series {
  const t: number[] = [];
  const v: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.t.length || j < b.t.length) {
    if (j >= b.t.length || (i < a.t.length && a.t[i]! <= b.t[j]!)) {
      t.push(a.t[i]!);
      v.push(a.v[i++]!);
    } else {
      t.push(b.t[j]!);
      v.push(b.v[j++]!);
    }
  }
  return { t, v };
}

/** Summary statistics of a windowed series; `recentStart` (minutes) opens the recent sub-window. */
export function seriesStats(s: Series, recentStart: number): Stats {
  const n = s.v.length;
  const out: Stats = {
    first: MISSING,
    last: MISSING,
    min: MISSING,
    max: MISSING,
    mean: MISSING,
    median: MISSING,
    std: MISSING,
    count: n,
    slope: MISSING,
    lastTime: MISSING,
    recentMin: MISSING,
    recentMax: MISSING,
  };
  if (n === 0) return out;

  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let rMin = Number.POSITIVE_INFINITY;
  let rMax = Number.NEGATIVE_INFINITY;
  let tMean = 0;
  for (let i = 0; i < n; i++) {
    const x = s.v[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    tMean += s.t[i]!;
    if (s.t[i]! >= recentStart) {
      if (x < rMin) rMin = x;
      if (x > rMax) rMax = x;
    }
  }
  const mean = sum / n;
  tMean /= n;
  let ss = 0;
  let stt = 0;
  let sty = 0;
  for (let i = 0; i < n; i++) {
    const d = s.v[i]! - mean;
    ss += d * d;
    const dt = (s.t[i]! - tMean) / 60;
    stt += dt * dt;
    sty += dt * d;
  }
  const sorted = [...s.v].sort((a, b) => a - b);
  const mid = n >> 1;
  out.first = s.v[0]!;
  out.last = s.v[n - 1]!;
  out.min = min;
  out.max = max;
  out.mean = mean;
  out.median = n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  out.std = n > 1 ? Math.sqrt(ss / (n - 1)) : MISSING;
  out.slope = stt > 0 ? sty / stt : MISSING;
  out.lastTime = s.t[n - 1]! / 60;
  if (rMin !== Number.POSITIVE_INFINITY) {
    out.recentMin = rMin;
    out.recentMax = rMax;
  }
  return out;
}

const or = (x: number | undefined): number => (x === undefined || !Number.isFinite(x) ? MISSING : x);

/**
 * Feature vector (ordered as `featureNames(featureSet)`) for the first `hours` of a cleaned stay.
 * Missing values are `MISSING`; count = 0 marks a parameter never measured.
 */
export function extractFeatures(record: PhysionetRecord, params: ExtractFeaturesParameters): number[] {
  const end = params.hours * 60;
  const recentStart = end * 0.75;
  const d = record.descriptors;
  const out: number[] = [or(d.Age), or(d.Gender), or(d.Height)];
  const weightSeries = window(record.series.Weight, end);
  const weight = d.Weight ?? weightSeries.v[0];
  out.push(or(weight));
  for (let k = 1; k <= 4; k++) out.push(d.ICUType === undefined ? MISSING : d.ICUType === k ? 1 : 0);
  const ws: Record<string, Series> = {};
  for (const p of VITAL_PARAMETERS) ws[p] = window(record.series[p], end);
  for (const [name, [a, b]] of Object.entries(MERGED_PARAMETERS)) ws[name] = merge(ws[a]!, ws[b]!);
  const stats: Record<string, Stats> = {};
  for (const p of [...VITAL_PARAMETERS.filter((x) => x !== 'MechVent'), ...Object.keys(MERGED_PARAMETERS)]) {
    const st = seriesStats(ws[p]!, recentStart);
    stats[p] = st;
    for (const s of SERIES_STATS) out.push(st[s]);
  }
  let labCount = 0;
  const labStats: Record<string, Stats> = {};
  if (params.featureSet === 'all') {
    for (const p of LAB_PARAMETERS) {
      const st = seriesStats(window(record.series[p], end), recentStart);
      labStats[p] = st;
      labCount += st.count;
      for (const s of LAB_STATS) out.push(st[s]);
    }
  }
  const urine = ws.Urine!;
  let urineTotal = 0;
  let urineRecent = 0;
  for (let i = 0; i < urine.v.length; i++) {
    urineTotal += urine.v[i]!;
    if (urine.t[i]! >= recentStart) urineRecent += urine.v[i]!;
  }
  out.push(urine.v.length ? urineTotal : MISSING, urine.v.length ? urineRecent : MISSING);
  out.push(urine.v.length && weight ? urineTotal / weight / params.hours : MISSING);
  const urineQ = [0, 0, 0, 0];
  for (let i = 0; i < urine.v.length; i++)
    urineQ[Math.min(3, Math.floor((4 * urine.t[i]!) / end))]! += urine.v[i]!;
  for (const u of urineQ) out.push(urine.v.length ? u : MISSING);
  const hr = ws.HR!;
  const sbp = ws.SBP!;
  let siMax = MISSING;
  let siLast = MISSING;
  for (let i = 0, j = 0; i < hr.t.length; i++) {
    while (j + 1 < sbp.t.length && sbp.t[j + 1]! <= hr.t[i]!) j++;
    if (sbp.t.length && sbp.t[j]! <= hr.t[i]!) {
      siLast = hr.v[i]! / sbp.v[j]!;
      if (siLast > siMax) siMax = siLast;
    }
  }
  out.push(siMax, siLast);
  out.push(ws.MechVent!.v.some((x) => x === 1) ? 1 : 0, ws.FiO2!.v.some((x) => x > 0.21) ? 1 : 0);
  const pao2 = window(record.series.PaO2, end);
  const fio2 = ws.FiO2!;
  let pf = Number.POSITIVE_INFINITY;
  for (let i = 0, j = -1; i < pao2.t.length; i++) {
    while (j + 1 < fio2.t.length && fio2.t[j + 1]! <= pao2.t[i]!) j++;
    if (j >= 0) pf = Math.min(pf, pao2.v[i]! / fio2.v[j]!);
  }
  out.push(params.featureSet === 'all' && pf !== Number.POSITIVE_INFINITY ? pf : MISSING);
  const news = news2Course(record, params.hours);
  out.push(or(news.worst), or(news.last), or(news.mean));
  const w = news.worstScores;
  out.push(or(w.respirationRate), or(w.spo2), or(w.airOrOxygen), or(w.systolic), or(w.pulse));
  out.push(or(w.consciousness), or(w.temperature));
  if (params.featureSet === 'all') {
    const bun = labStats.BUN!.last;
    const cr = labStats.Creatinine!.last;
    out.push(bun !== MISSING && cr !== MISSING && cr > 0 ? bun / cr : MISSING, labCount);
  }
  if (out.length !== featureNames(params.featureSet).length)
    throw new ClinicalComputationError('feature vector does not match the feature spec');
  return out;
}
