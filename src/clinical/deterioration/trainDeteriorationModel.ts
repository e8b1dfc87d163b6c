import { ClinicalComputationError } from '../errors.ts';
import { type Dataset, stratifiedFolds } from './buildDataset.ts';
import { fitPlatt, type PlattCalibration } from './calibration.ts';
import type { FeatureSet } from './featureSpec.ts';
import { auroc } from './metrics.ts';
import { type Booster, loadXGBoost } from './xgboost.ts';

/** XGBoost parameters Vigil tunes (others keep ml-xgboost defaults). */
export type BoosterParams = {
  max_depth: number;
  eta: number;
  iterations: number;
  min_child_weight: number;
  subsample: number;
  colsample_bytree: number;
};

/** Grid searched by default (chosen from 5-fold CV on the shared development set; see docs/clinical.md). */
export const DEFAULT_GRID: BoosterParams[] = [
  { max_depth: 4, eta: 0.03, iterations: 500, min_child_weight: 5, subsample: 0.8, colsample_bytree: 0.3 },
  { max_depth: 5, eta: 0.02, iterations: 500, min_child_weight: 5, subsample: 0.8, colsample_bytree: 0.3 },
];

export type TrainDeteriorationModelParameters = {
  data: Dataset;
  hours: number;
  featureSet: FeatureSet;
  grid?: BoosterParams[];
  /** Inner folds for tuning and for the out-of-fold predictions Platt scaling is fitted on. Default 5. */
  folds?: number;
  seed?: number;
};

export type TrainedDeteriorationModel = {
  booster: Booster;
  params: BoosterParams;
  calibration: PlattCalibration;
  /** Inner-CV AUROC of each grid entry, on training patients only. */
  cv: { params: BoosterParams; auroc: number }[];
  trainPatients: number;
  trainDeaths: number;
};

function boosterOptions(p: BoosterParams, seed: number): Record<string, unknown> {
  return { booster: 'gbtree', objective: 'binary:logistic', silent: 1, seed, ...p };
}

/**
 * Trains the deterioration model on training patients only: picks the grid entry with the best
 * patient-level inner-CV AUROC, fits Platt scaling on its out-of-fold predictions, then refits on all.
 */
export async function trainDeteriorationModel(
  params: TrainDeteriorationModelParameters,
): Promise<TrainedDeteriorationModel> {
  const { data } = params;
  const k = params.folds ?? 5;
  const seed = params.seed ?? 1;
  const grid = params.grid ?? DEFAULT_GRID;
  const deaths = data.y.reduce((a, b) => a + b, 0);
  if (deaths < k || data.y.length - deaths < k) {
    throw new ClinicalComputationError('too few patients of each outcome for cross-validation', {
      details: { patients: data.y.length, deaths, folds: k },
    });
  }
  const XGBoost = await loadXGBoost();
  const fold = stratifiedFolds(data.y, k, seed);
  const cv: { params: BoosterParams; auroc: number; oof: number[] }[] = [];
  for (const p of grid) {
    const oof = new Array<number>(data.y.length).fill(0);
    for (let f = 0; f < k; f++) {
      const tr: number[] = [];
      const te: number[] = [];
      for (let i = 0; i < fold.length; i++) (fold[i] === f ? te : tr).push(i);
      const b = new XGBoost(boosterOptions(p, seed));
      try {
        b.train(
          tr.map((i) => data.x[i]!),
          tr.map((i) => data.y[i]!),
        );
        const pred = b.predict(te.map((i) => data.x[i]!));
        te.forEach((row, j) => {
          oof[row] = pred[j]!;
        });
      } finally {
        b.free();
      }
    }
    cv.push({ params: p, auroc: auroc(data.y, oof), oof });
  }
  const best = cv.reduce((a, b) => (b.auroc > a.auroc ? b : a));
  const calibration = fitPlatt(data.y, best.oof);
  const booster = new XGBoost(boosterOptions(best.params, seed));
  booster.train(data.x, data.y);
  return {
    booster,
    params: best.params,
    calibration,
    cv: cv.map((c) => ({ params: c.params, auroc: c.auroc })),
    trainPatients: data.y.length,
    trainDeaths: deaths,
  };
}
