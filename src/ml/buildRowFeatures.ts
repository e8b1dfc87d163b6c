import { FLOW_COLUMNS, type FlowRecord, type NumericColumn, VITAL_COLUMNS } from './wustlColumns.ts';

/** What the feature builder computes; stored in model files so a loaded model rebuilds the same vector. */
export type FeatureSpec = {
  /** Bumped whenever the feature code changes meaning. */
  version: 1;
  /** `false`: per-row features only (the baseline); `true`: plus causal temporal-context features. */
  temporal: boolean;
  /** Rows of past context for the short and the long rolling windows. */
  shortWindow: number;
  longWindow: number;
};

/** The detector's default feature specification. */
export const DEFAULT_FEATURE_SPEC: FeatureSpec = {
  version: 1,
  temporal: true,
  shortWindow: 5,
  longWindow: 30,
};

/** The per-row baseline: the same allowed columns, no temporal context. */
export const BASELINE_FEATURE_SPEC: FeatureSpec = { ...DEFAULT_FEATURE_SPEC, temporal: false };

/** Columns whose change against the recent past is informative (link timing, load and the vitals). */
const CONTEXT_COLUMNS: readonly NumericColumn[] = [
  'SrcLoad',
  'DstLoad',
  'SIntPkt',
  'DIntPkt',
  'SrcJitter',
  'DstJitter',
  'Dur',
  'Load',
  'Rate',
  'TotBytes',
  ...VITAL_COLUMNS,
];

const FLAG_LETTERS = ['e', 'M', 'R', 's', 'd', '*'] as const;

/** Derived per-row indicators (flags, direction, sensor state); used by both feature sets. */
function rowIndicators(row: FlowRecord): number[] {
  const flags = row.Flgs.trim();
  const vitalsZero = VITAL_COLUMNS.every((c) => c === 'Temp' || row[c] === 0) ? 1 : 0;
  return [
    ...FLAG_LETTERS.map((l) => (flags.includes(l) ? 1 : 0)),
    row.Dir.trim() === '->' ? 1 : 0,
    vitalsZero,
  ];
}

/** Indicators of unusual link events, averaged over the past to describe the current period. */
function linkEvents(row: FlowRecord): number[] {
  const flags = row.Flgs.trim();
  return [
    flags.includes('M') ? 1 : 0,
    flags.includes('R') ? 1 : 0,
    row.SrcJitter > 10 ? 1 : 0,
    row.Loss > 0 ? 1 : 0,
    row.SIntPktAct > 0 ? 1 : 0,
  ];
}

/** Names of the features, in vector order, for a specification. */
export function featureNames(spec: FeatureSpec): string[] {
  const names = [
    ...FLOW_COLUMNS,
    ...VITAL_COLUMNS,
    ...FLAG_LETTERS.map((l) => `flag_${l === '*' ? 'star' : l}`),
    'dir_forward',
    'vitals_zero',
  ];
  if (!spec.temporal) return names;
  for (const c of CONTEXT_COLUMNS) {
    names.push(`${c}_d1`, `${c}_dShort`, `${c}_zLong`, `${c}_meanLong`, `${c}_stdLong`);
  }
  names.push('ev_M_rate', 'ev_R_rate', 'ev_jitter_rate', 'ev_loss_rate', 'ev_act_rate');
  names.push('vitals_same_run', 'vitals_changes_short', 'history_len');
  return names;
}

/** What the context keeps of a past row: its context-column values, link events and vitals. */
type PastRow = { context: Float64Array; events: Uint8Array; vitals: Float64Array };

/** Recent rows of one source (a device or a link), oldest first; the only state features depend on. */
export type FeatureState = { spec: FeatureSpec; history: PastRow[]; vitalsSameRun: number };

/** A fresh state for a new source. */
export function createFeatureState(spec: FeatureSpec): FeatureState {
  return { spec, history: [], vitalsSameRun: 0 };
}

function sameVitals(a: PastRow, b: PastRow): boolean {
  for (let k = 0; k < a.vitals.length; k++) if (a.vitals[k] !== b.vitals[k]) return false;
  return true;
}

function summarize(row: FlowRecord): PastRow {
  const context = new Float64Array(CONTEXT_COLUMNS.length);
  for (let k = 0; k < CONTEXT_COLUMNS.length; k++) context[k] = row[CONTEXT_COLUMNS[k]!];
  return {
    context,
    events: Uint8Array.from(linkEvents(row)),
    vitals: Float64Array.from(VITAL_COLUMNS, (c) => row[c]),
  };
}

/**
 * Builds the feature vector of `row` from the row itself and the rows before it, then
 * appends the row to `state`. Causal by construction: it never sees later rows. Batch
 * training and the streaming scorer both call this one function.
 */
export function buildRowFeatures(state: FeatureState, row: FlowRecord): number[] {
  const { spec, history } = state;
  const out: number[] = [];
  for (const c of FLOW_COLUMNS) out.push(row[c]);
  for (const c of VITAL_COLUMNS) out.push(row[c]);
  out.push(...rowIndicators(row));
  if (!spec.temporal) return out;
  const current = summarize(row);
  const n = history.length;
  const prev = n > 0 ? history[n - 1]! : undefined;
  const shortStart = Math.max(0, n - spec.shortWindow);
  for (let k = 0; k < CONTEXT_COLUMNS.length; k++) {
    const x = current.context[k]!;
    let sumS = 0;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const v = history[i]!.context[k]!;
      sum += v;
      sumSq += v * v;
      if (i >= shortStart) sumS += v;
    }
    const mean = n > 0 ? sum / n : x;
    const std = n > 1 ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0;
    const meanS = n > shortStart ? sumS / (n - shortStart) : x;
    out.push(
      prev ? x - prev.context[k]! : 0,
      x - meanS,
      (x - mean) / (std + 1e-6 + Math.abs(mean) * 1e-3),
      mean,
      std,
    );
  }
  const events = new Array<number>(current.events.length).fill(0);
  for (const h of history) {
    for (let k = 0; k < events.length; k++) events[k]! += h.events[k]!;
  }
  out.push(...events.map((e) => (n > 0 ? e / n : 0)));
  let changes = 0;
  for (let i = Math.max(1, shortStart); i <= n; i++) {
    const a = i === n ? current : history[i]!;
    if (!sameVitals(a, history[i - 1]!)) changes++;
  }
  const sameRun = prev && sameVitals(prev, current) ? state.vitalsSameRun + 1 : 0;
  state.vitalsSameRun = sameRun;
  out.push(sameRun, changes, n);
  history.push(current);
  if (history.length > spec.longWindow) history.shift();
  return out;
}

/** Feature matrix of rows in time order, from a fresh state (the batch path of `buildRowFeatures`). */
export function buildFeatureMatrix(rows: readonly FlowRecord[], spec: FeatureSpec): number[][] {
  const state = createFeatureState(spec);
  return rows.map((r) => buildRowFeatures(state, r));
}
