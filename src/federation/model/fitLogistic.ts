import { logisticObjective, type ObjectivePenalty, type ScaledData } from './logisticObjective.ts';

export type FitLogisticParameters = {
  l2: number;
  /** Starting point (default zeros). */
  start?: Float64Array;
  maxIterations?: number;
  /** Stop when the gradient's largest component is below this. */
  tolerance?: number;
};

const HISTORY = 10;

/**
 * Fits the same penalised logistic model to convergence on one data set (L-BFGS with a backtracking
 * line search): the centralised and local-only baselines the federation is compared with.
 */
export function fitLogistic(data: ScaledData, params: FitLogisticParameters): Float64Array {
  const width = (data.x[0]?.length ?? 0) + 1;
  const penalty: ObjectivePenalty = { l2: params.l2 };
  const w = params.start ? Float64Array.from(params.start) : new Float64Array(width);
  let { loss, gradient } = logisticObjective(w, data, penalty);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((acc, v, j) => acc + v * b[j]!, 0);
  for (let iter = 0; iter < (params.maxIterations ?? 500); iter++) {
    if (Math.max(...gradient.map(Math.abs)) < (params.tolerance ?? 1e-6)) break;
    // Two-loop recursion: q ≈ H⁻¹ g.
    const q = Float64Array.from(gradient);
    const alpha: number[] = [];
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(s[k]!, q);
      for (let j = 0; j < width; j++) q[j] = q[j]! - alpha[k]! * y[k]![j]!;
    }
    const last = s.length - 1;
    const gamma =
      last >= 0
        ? dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!)
        : 1 / Math.max(1, Math.sqrt(dot(gradient, gradient)));
    for (let j = 0; j < width; j++) q[j] = q[j]! * gamma;
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k]! * dot(y[k]!, q);
      for (let j = 0; j < width; j++) q[j] = q[j]! + s[k]![j]! * (alpha[k]! - beta);
    }
    const slope = dot(gradient, q);
    if (!(slope > 0)) {
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      continue;
    }
    let t = 1;
    let next = new Float64Array(width);
    let trial = { loss, gradient };
    for (let ls = 0; ls < 30; ls++) {
      next = w.map((v, j) => v - t * q[j]!);
      trial = logisticObjective(next, data, penalty);
      if (trial.loss <= loss - 1e-4 * t * slope) break;
      t /= 2;
    }
    const sk = next.map((v, j) => v - w[j]!);
    const yk = trial.gradient.map((v, j) => v - gradient[j]!);
    const sy = dot(sk, yk);
    w.set(next);
    loss = trial.loss;
    gradient = trial.gradient;
    if (sy > 1e-12) {
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
      if (s.length > HISTORY) {
        s.shift();
        y.shift();
        rho.shift();
      }
    }
  }
  return w;
}
