import { ClinicalComputationError } from '../errors.ts';
import { MISSING } from './featureSpec.ts';

/**
 * L2-regularised logistic regression on the deterioration features. Preprocessing is part of the model
 * and is fitted on the training rows only: missing values (−999) are imputed with the training median,
 * one missingness indicator is added per distinct training missingness pattern, columns are
 * standardised with the training mean and SD and clipped to ±5 SD.
 */
export type LogisticModel = {
  method: 'l2-logistic';
  /** Training median of each feature (imputed for a missing value). */
  medians: number[];
  /** Training mean and SD of each imputed feature (SD 0 → the column is ignored). */
  means: number[];
  sds: number[];
  /** Each indicator is 1 when feature `indicators[j]` is missing. */
  indicators: number[];
  /** Training mean and SD of each indicator. */
  indicatorMeans: number[];
  indicatorSds: number[];
  /** Weights on the standardised features then the standardised indicators. */
  weights: number[];
  intercept: number;
  /** L2 penalty (on the sum of log-losses) the weights were fitted with. */
  lambda: number;
};

const CLIP = 5;

const isMissing = (v: number): boolean => v === MISSING || !Number.isFinite(v);

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

type Preprocessing = Omit<LogisticModel, 'method' | 'weights' | 'intercept' | 'lambda'>;

function fitPreprocessing(x: readonly (readonly number[])[]): Preprocessing {
  const n = x.length;
  const d = x[0]?.length ?? 0;
  const medians: number[] = [];
  const means: number[] = [];
  const sds: number[] = [];
  const indicators: number[] = [];
  const patterns = new Set<string>();
  for (let j = 0; j < d; j++) {
    const present: number[] = [];
    let pattern = '';
    for (let i = 0; i < n; i++) {
      const v = x[i]![j]!;
      if (isMissing(v)) pattern += '1';
      else {
        present.push(v);
        pattern += '0';
      }
    }
    const med = median(present);
    medians.push(med);
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i]![j]!;
      const z = isMissing(v) ? med : v;
      s += z;
      ss += z * z;
    }
    const mean = s / n;
    means.push(mean);
    sds.push(Math.sqrt(Math.max(0, ss / n - mean * mean)));
    if (present.length > 0 && present.length < n && !patterns.has(pattern)) {
      patterns.add(pattern);
      indicators.push(j);
    }
  }
  const indicatorMeans: number[] = [];
  const indicatorSds: number[] = [];
  for (const j of indicators) {
    let m = 0;
    for (let i = 0; i < n; i++) if (isMissing(x[i]![j]!)) m++;
    const p = m / n;
    indicatorMeans.push(p);
    indicatorSds.push(Math.sqrt(p * (1 - p)));
  }
  return { medians, means, sds, indicators, indicatorMeans, indicatorSds };
}

function transform(pre: Preprocessing, row: readonly number[]): Float64Array {
  const d = pre.medians.length;
  const out = new Float64Array(d + pre.indicators.length);
  for (let j = 0; j < d; j++) {
    const v = row[j]!;
    const sd = pre.sds[j]!;
    if (sd <= 1e-12) continue;
    const z = ((isMissing(v) ? pre.medians[j]! : v) - pre.means[j]!) / sd;
    out[j] = Math.max(-CLIP, Math.min(CLIP, z));
  }
  pre.indicators.forEach((src, k) => {
    const sd = pre.indicatorSds[k]!;
    if (sd > 1e-12) out[d + k] = ((isMissing(row[src]!) ? 1 : 0) - pre.indicatorMeans[k]!) / sd;
  });
  return out;
}

/** Solves A x = b for a symmetric positive-definite A (Cholesky, A given as a flat row-major array). */
function solveSpd(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
      if (i === j) {
        if (s <= 0)
          throw new ClinicalComputationError('logistic regression Hessian is not positive definite');
        l[i * p + i] = Math.sqrt(s);
      } else l[i * p + j] = s / l[j * p + j]!;
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * y[k]!;
    y[i] = s / l[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * x[k]!;
    x[i] = s / l[i * p + i]!;
  }
  return x;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Newton (IRLS) fit of the penalised log-likelihood; the intercept is not penalised. */
function fitWeights(z: Float64Array[], y: readonly number[], lambda: number): { w: number[]; b: number } {
  const n = z.length;
  const d = z[0]?.length ?? 0;
  const p = d + 1;
  const beta = new Float64Array(p);
  const pos = y.reduce((a, v) => a + v, 0);
  beta[d] = Math.log((pos + 0.5) / (n - pos + 0.5));
  for (let iter = 0; iter < 25; iter++) {
    const h = new Float64Array(p * p);
    const g = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      let eta = beta[d]!;
      for (let j = 0; j < d; j++) eta += beta[j]! * zi[j]!;
      const mu = sigmoid(eta);
      const r = mu - y[i]!;
      const w = Math.max(mu * (1 - mu), 1e-9);
      for (let j = 0; j < d; j++) {
        const wz = w * zi[j]!;
        if (wz === 0) {
          g[j] = g[j]! + r * zi[j]!;
          continue;
        }
        g[j] = g[j]! + r * zi[j]!;
        const row = j * p;
        for (let k = 0; k <= j; k++) h[row + k] = h[row + k]! + wz * zi[k]!;
        h[row + d] = h[row + d]! + wz;
      }
      g[d] = g[d]! + r;
      h[d * p + d] = h[d * p + d]! + w;
    }
    for (let j = 0; j < d; j++) {
      g[j] = g[j]! + lambda * beta[j]!;
      h[j * p + j] = h[j * p + j]! + lambda;
    }
    h[d * p + d] = h[d * p + d]! + 1e-9;
    for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) h[j * p + k] = h[k * p + j]!;
    for (let j = 0; j < d; j++) h[d * p + j] = h[j * p + d]!;
    const step = solveSpd(h, g, p);
    let change = 0;
    for (let j = 0; j < p; j++) {
      beta[j] = beta[j]! - step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-6) break;
  }
  return { w: Array.from(beta.subarray(0, d)), b: beta[d]! };
}

/** Throws unless there is one label per (at least one) row and lambda is positive. */
export function checkFitArguments(
  x: readonly (readonly number[])[],
  y: readonly number[],
  lambda: number,
): void {
  if (x.length === 0 || x.length !== y.length) {
    throw new ClinicalComputationError('logistic regression needs as many labels as rows', {
      details: { rows: x.length, labels: y.length },
    });
  }
  if (!(lambda > 0)) throw new ClinicalComputationError('lambda must be positive', { details: { lambda } });
}

/** Fits the L2 logistic regression (with its preprocessing) on training rows only. */
export function fitLogisticRegression(
  x: readonly (readonly number[])[],
  y: readonly number[],
  lambda: number,
): LogisticModel {
  checkFitArguments(x, y, lambda);
  const pre = fitPreprocessing(x);
  const z = x.map((r) => transform(pre, r));
  const { w, b } = fitWeights(z, y, lambda);
  return { method: 'l2-logistic', ...pre, weights: w, intercept: b, lambda };
}

/** Probability of the positive class for one feature row (−999 or non-finite = missing). */
export function predictLogistic(model: LogisticModel, row: readonly number[]): number {
  const z = transform(model, row);
  let eta = model.intercept;
  for (let j = 0; j < z.length; j++) eta += model.weights[j]! * z[j]!;
  return sigmoid(eta);
}
