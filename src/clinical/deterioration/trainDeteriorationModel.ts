import { ClinicalComputationError } from '../errors.ts';
import { type Dataset, stratifiedFolds } from './buildDataset.ts';
import { applyCalibration, fitPlatt, type PlattCalibration } from './calibration.ts';
import { ENSEMBLE_GB_WEIGHT, ensembleProbability } from './ensemble.ts';
import type { FeatureSet } from './featureSpec.ts';
import { fitLogisticRegression, type LogisticModel, predictLogistic } from './logisticRegression.ts';
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

/** L2 strengths tried for the logistic regression (chosen by inner CV on the training patients). */
export const DEFAULT_LR_LAMBDAS = [30, 100, 300, 1000];

export type TrainDeteriorationModelParameters = {
  data: Dataset;
  hours: number;
  featureSet: FeatureSet;
  grid?: BoosterParams[];
  /** Inner folds for tuning and for the out-of-fold predictions Platt scaling is fitted on. Default 5. */
  folds?: number;
  seed?: number;
  lambdas?: number[];
  /** false: gradient boosting only (no logistic regression part). Default true. */
  ensemble?: boolean;
};

export type TrainedDeteriorationModel = {
  booster: Booster;
  params: BoosterParams;
  calibration: PlattCalibration;
  /** Inner-CV AUROC of each grid entry, on training patients only. */
  cv: { params: BoosterParams; auroc: number }[];
  trainPatients: number;
  trainDeaths: number;
  /** Logistic-regression part of the ensemble (absent when `ensemble: false`). */
  lr?: LogisticModel;
  /** Weight of the calibrated boosting probability in the ensemble. */
  gbWeight?: number;
  /** Inner-CV AUROC of each L2 strength, and of the ensemble with the chosen one. */
  lrCv?: { lambda: number; auroc: number }[];
  ensembleCvAuroc?: number;
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
  const ensemble = params.ensemble ?? true;
  let lrPart: Pick<TrainedDeteriorationModel, 'lr' | 'gbWeight' | 'lrCv' | 'ensembleCvAuroc'> = {};
  if (ensemble) {
    const lrCv: { lambda: number; auroc: number; oof: number[] }[] = [];
    for (const lambda of params.lambdas ?? DEFAULT_LR_LAMBDAS) {
      const oof = new Array<number>(data.y.length).fill(0);
      for (let f = 0; f < k; f++) {
        const tr: number[] = [];
        const te: number[] = [];
        for (let i = 0; i < fold.length; i++) (fold[i] === f ? te : tr).push(i);
        const m = fitLogisticRegression(
          tr.map((i) => data.x[i]!),
          tr.map((i) => data.y[i]!),
          lambda,
        );
        for (const i of te) oof[i] = predictLogistic(m, data.x[i]!);
      }
      lrCv.push({ lambda, auroc: auroc(data.y, oof), oof });
    }
    const bestLr = lrCv.reduce((a, b) => (b.auroc > a.auroc ? b : a));
    const blended = best.oof.map((p, i) =>
      ensembleProbability(applyCalibration(calibration, p), bestLr.oof[i]!, ENSEMBLE_GB_WEIGHT),
    );
    lrPart = {
      lr: fitLogisticRegression(data.x, data.y, bestLr.lambda),
      gbWeight: ENSEMBLE_GB_WEIGHT,
      lrCv: lrCv.map((c) => ({ lambda: c.lambda, auroc: c.auroc })),
      ensembleCvAuroc: auroc(data.y, blended),
    };
  }
  const booster = new XGBoost(boosterOptions(best.params, seed));
  booster.train(data.x, data.y);
  return {
    ...lrPart,
    booster,
    params: best.params,
    calibration,
    cv: cv.map((c) => ({ params: c.params, auroc: c.auroc })),
    trainPatients: data.y.length,
    trainDeaths: deaths,
  };
}
