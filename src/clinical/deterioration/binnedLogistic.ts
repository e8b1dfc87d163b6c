import { ClinicalComputationError } from '../errors.ts';
import { MISSING } from './featureSpec.ts';
import { checkFitArguments } from './logisticRegression.ts';

/**
 * Additive (GAM-like) L2 logistic regression: every feature is cut into bins at the TRAINING rows'
 * quantiles and one-hot encoded (plus a bin for a missing value), so each feature gets its own step-shaped
 * risk curve (e.g. U-shaped: too low and too high heart rate both raise the risk), which a linear logistic
 * regression cannot represent. Fitted on training rows only (bins included).
 */
export type BinnedLogisticModel = {
  method: 'binned-l2-logistic';
  /** Number of quantile bins asked for (a feature with few distinct values gets fewer). */
  bins: number;
  /**
   * Per feature, ascending distinct cut points from the training quantiles: a value v falls in bin
   * `#{cuts c : v > c}` (so a value equal to a cut goes to the lower bin).
   */
  cuts: number[][];
  /** Column of bin 0 of each feature. */
  offsets: number[];
  /** Column of the missing bin of each feature, or −1 when no training value was missing. */
  missingColumns: number[];
  /** With no missing bin, a missing value goes to the bin of the training median. */
  medianBins: number[];
  /** One weight per column (bins then missing bin, feature after feature). */
  weights: number[];
  intercept: number;
  /** L2 penalty (λ/2 · Σw², on the sum of log-losses); the intercept is not penalised. */
  lambda: number;
};

const isMissing = (v: number): boolean => v === MISSING || !Number.isFinite(v);

/** Distinct cut points at the k/bins quantiles (k = 1 … bins − 1) of the present values. */
export function quantileCuts(values: readonly number[], bins: number): number[] {
  const s = values.filter((v) => !isMissing(v)).sort((a, b) => a - b);
  const m = s.length;
  const cuts: number[] = [];
  if (m === 0) return cuts;
  for (let q = 1; q < bins; q++) {
    // The largest value with at most q/bins of the values at or below it (values ≤ cut go to the lower bin).
    const c = s[Math.max(0, Math.ceil((q * m) / bins) - 1)]!;
    // A cut at the maximum would leave its upper bin empty; equal cuts collapse (discrete features).
    if (c < s[m - 1]! && (cuts.length === 0 || c > cuts[cuts.length - 1]!)) cuts.push(c);
  }
  return cuts;
}

/** Bin of a present value: the number of cut points strictly below it. */
export function binOf(cuts: readonly number[], v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v > cuts[mid]!) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type Encoding = Pick<BinnedLogisticModel, 'cuts' | 'offsets' | 'missingColumns' | 'medianBins'>;

function fitEncoding(x: readonly (readonly number[])[], bins: number): Encoding & { columns: number } {
  const d = x[0]?.length ?? 0;
  const cuts: number[][] = [];
  const offsets: number[] = [];
  const missingColumns: number[] = [];
  const medianBins: number[] = [];
  let columns = 0;
  for (let j = 0; j < d; j++) {
    const col = x.map((r) => r[j]!);
    const present = col.filter((v) => !isMissing(v)).sort((a, b) => a - b);
    const c = quantileCuts(present, bins);
    cuts.push(c);
    offsets.push(columns);
    columns += c.length + 1;
    medianBins.push(present.length ? binOf(c, present[(present.length - 1) >> 1]!) : 0);
    if (present.length < col.length) missingColumns.push(columns++);
    else missingColumns.push(-1);
  }
  return { cuts, offsets, missingColumns, medianBins, columns };
}

/** Active column of each feature for one row (exactly one per feature). */
export function encodeRow(enc: Encoding, row: readonly number[]): Int32Array {
  const d = enc.cuts.length;
  const out = new Int32Array(d);
  for (let j = 0; j < d; j++) {
    const v = row[j]!;
    const miss = isMissing(v);
    out[j] =
      miss && enc.missingColumns[j]! >= 0
        ? enc.missingColumns[j]!
        : enc.offsets[j]! + (miss ? enc.medianBins[j]! : binOf(enc.cuts[j]!, v));
  }
  return out;
}

const log1pExp = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Minimises Σ log-loss + λ/2 Σ w² over one-hot rows (given as active columns) with L-BFGS (memory 10,
 * backtracking Armijo line search). Parameter `columns` is the intercept (not penalised).
 */
function fitSparse(
  rows: Int32Array[],
  y: readonly number[],
  columns: number,
  lambda: number,
): { w: number[]; b: number } {
  const n = rows.length;
  const p = columns + 1;
  const evaluate = (beta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let f = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      let eta = beta[columns]!;
      for (let k = 0; k < r.length; k++) eta += beta[r[k]!]!;
      f += log1pExp(eta) - y[i]! * eta;
      const g = sigmoid(eta) - y[i]!;
      for (let k = 0; k < r.length; k++) grad[r[k]!] = grad[r[k]!]! + g;
      grad[columns] = grad[columns]! + g;
    }
    for (let j = 0; j < columns; j++) {
      f += 0.5 * lambda * beta[j]! * beta[j]!;
      grad[j] = grad[j]! + lambda * beta[j]!;
    }
    return f;
  };
  const beta = new Float64Array(p);
  const pos = y.reduce((a, v) => a + v, 0);
  beta[columns] = Math.log((pos + 0.5) / (n - pos + 0.5));
  const grad = new Float64Array(p);
  let f = evaluate(beta, grad);
  const memory = 10;
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(p);
  const next = new Float64Array(p);
  const nextGrad = new Float64Array(p);
  const alpha = new Array<number>(memory).fill(0);
  const tol = 1e-7 * n;
  for (let iter = 0; iter < 2000; iter++) {
    let gMax = 0;
    for (let j = 0; j < p; j++) gMax = Math.max(gMax, Math.abs(grad[j]!));
    if (gMax < tol) break;
    // Two-loop recursion: dir = −H·grad.
    for (let j = 0; j < p; j++) dir[j] = -grad[j]!;
    for (let h = sHist.length - 1; h >= 0; h--) {
      let a = 0;
      for (let j = 0; j < p; j++) a += sHist[h]![j]! * dir[j]!;
      a *= rho[h]!;
      alpha[h] = a;
      for (let j = 0; j < p; j++) dir[j] = dir[j]! - a * yHist[h]![j]!;
    }
    if (sHist.length) {
      const last = sHist.length - 1;
      let sy = 0;
      let yy = 0;
      for (let j = 0; j < p; j++) {
        sy += sHist[last]![j]! * yHist[last]![j]!;
        yy += yHist[last]![j]! * yHist[last]![j]!;
      }
      const gamma = sy / yy;
      for (let j = 0; j < p; j++) dir[j] = dir[j]! * gamma;
    } else {
      // First step: a unit-length move along the negative gradient.
      let norm = 0;
      for (let j = 0; j < p; j++) norm += dir[j]! * dir[j]!;
      const scale = 1 / Math.max(1, Math.sqrt(norm));
      for (let j = 0; j < p; j++) dir[j] = dir[j]! * scale;
    }
    for (let h = 0; h < sHist.length; h++) {
      let b = 0;
      for (let j = 0; j < p; j++) b += yHist[h]![j]! * dir[j]!;
      b *= rho[h]!;
      for (let j = 0; j < p; j++) dir[j] = dir[j]! + sHist[h]![j]! * (alpha[h]! - b);
    }
    let slope = 0;
    for (let j = 0; j < p; j++) slope += grad[j]! * dir[j]!;
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sHist.length = 0;
      yHist.length = 0;
      rho.length = 0;
      continue;
    }
    let step = 1;
    let fNext = Number.POSITIVE_INFINITY;
    for (let ls = 0; ls < 40; ls++) {
      for (let j = 0; j < p; j++) next[j] = beta[j]! + step * dir[j]!;
      fNext = evaluate(next, nextGrad);
      if (fNext <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNext < f)) break;
    const s = new Float64Array(p);
    const yv = new Float64Array(p);
    let sy = 0;
    for (let j = 0; j < p; j++) {
      s[j] = next[j]! - beta[j]!;
      yv[j] = nextGrad[j]! - grad[j]!;
      sy += s[j]! * yv[j]!;
    }
    beta.set(next);
    grad.set(nextGrad);
    const decrease = f - fNext;
    f = fNext;
    if (sy > 1e-12) {
      if (sHist.length === memory) {
        sHist.shift();
        yHist.shift();
        rho.shift();
      }
      sHist.push(s);
      yHist.push(yv);
      rho.push(1 / sy);
    }
    if (decrease < 1e-12 * Math.max(1, Math.abs(f))) break;
  }
  return { w: Array.from(beta.subarray(0, columns)), b: beta[columns]! };
}

/** Fits the binned additive logistic regression (bins included) on training rows only. */
export function fitBinnedLogistic(
  x: readonly (readonly number[])[],
  y: readonly number[],
  lambda: number,
  bins: number,
): BinnedLogisticModel {
  checkFitArguments(x, y, lambda);
  if (!Number.isInteger(bins) || bins < 2) {
    throw new ClinicalComputationError('bins must be an integer >= 2', { details: { bins } });
  }
  const { columns, ...enc } = fitEncoding(x, bins);
  const rows = x.map((r) => encodeRow(enc, r));
  const { w, b } = fitSparse(rows, y, columns, lambda);
  return { method: 'binned-l2-logistic', bins, ...enc, weights: w, intercept: b, lambda };
}

/** Probability of the positive class for one feature row (−999 or non-finite = missing). */
export function predictBinnedLogistic(model: BinnedLogisticModel, row: readonly number[]): number {
  const active = encodeRow(model, row);
  let eta = model.intercept;
  for (let k = 0; k < active.length; k++) eta += model.weights[active[k]!]!;
  return sigmoid(eta);
}

/** Number of weight columns the encoding of a model implies (to validate a model file). */
export function binnedColumns(model: Pick<BinnedLogisticModel, 'cuts' | 'missingColumns'>): number {
  return model.cuts.reduce((a, c, j) => a + c.length + 1 + (model.missingColumns[j]! >= 0 ? 1 : 0), 0);
}
