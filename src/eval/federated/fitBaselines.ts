import { auroc, stratifiedFolds } from '../../clinical/index.ts';
import {
  type FeatureScaling,
  fitFeatureScaling,
  fitLogistic,
  predictLogistic,
  scaleRow,
} from '../../federation/index.ts';
import type { Rows } from './prepareFederatedData.ts';

/** A logistic model of the federation's family, fitted to convergence on one data set. */
export type FittedLogistic = { scaling: FeatureScaling; params: Float64Array; l2: number };

/** L2 strengths a hospital alone chooses from by cross-validation on its own patients. */
export const LOCAL_L2_GRID = [0.01, 0.03, 0.1, 0.3, 1];

/** Raw probabilities of a fitted model for raw rows. */
export function predictFitted(m: FittedLogistic, x: readonly (readonly number[])[]): number[] {
  return predictLogistic(
    m.params,
    x.map((r) => scaleRow(m.scaling, r)),
  );
}

/**
 * The centralised model: the same family, scaling and L2 strength as the federation, fitted to
 * convergence on the union of the hospitals' training patients (what pooling all rows would give).
 */
export function fitCentralized(data: Rows, scaling: FeatureScaling, l2: number): FittedLogistic {
  const scaled = { x: data.x.map((r) => scaleRow(scaling, r)), y: data.y };
  return { scaling, params: fitLogistic(scaled, { l2 }), l2 };
}

/**
 * A hospital alone: the same family with its own scaling, the L2 strength picked by stratified 5-fold
 * cross-validation on its own patients (pooled out-of-fold AUROC), then refitted on all of them.
 */
export function fitLocalOnly(data: Rows, seed: number): FittedLogistic & { cvAuroc: number } {
  const scaling = fitFeatureScaling(data.x);
  const scaled = data.x.map((r) => scaleRow(scaling, r));
  const k = Math.min(
    5,
    Math.max(2, Math.min(data.y.filter((v) => v === 1).length, data.y.filter((v) => v === 0).length)),
  );
  const fold = stratifiedFolds(data.y, k, seed + 3000);
  let best = { l2: LOCAL_L2_GRID[0]!, auroc: -1 };
  for (const l2 of LOCAL_L2_GRID) {
    const oof = new Array<number>(data.y.length).fill(0);
    for (let f = 0; f < k; f++) {
      const trainIdx = fold.flatMap((g, i) => (g === f ? [] : [i]));
      const testIdx = fold.flatMap((g, i) => (g === f ? [i] : []));
      const params = fitLogistic(
        { x: trainIdx.map((i) => scaled[i]!), y: trainIdx.map((i) => data.y[i]!) },
        { l2, maxIterations: 200 },
      );
      const p = predictLogistic(
        params,
        testIdx.map((i) => scaled[i]!),
      );
      testIdx.forEach((i, n) => {
        oof[i] = p[n]!;
      });
    }
    const a = auroc(data.y, oof);
    if (a > best.auroc) best = { l2, auroc: a };
  }
  return {
    scaling,
    params: fitLogistic({ x: scaled, y: data.y }, { l2: best.l2 }),
    l2: best.l2,
    cvAuroc: best.auroc,
  };
}
