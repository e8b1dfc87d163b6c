import { ClinicalComputationError } from '../errors.ts';
import { type Dataset, stratifiedFolds } from './buildDataset.ts';
import { applyCalibration, fitPlatt, type PlattCalibration } from './calibration.ts';
import { combineParts, ENSEMBLE_GB_WEIGHT } from './ensemble.ts';
import type { FeatureSet } from './featureSpec.ts';
import { DEFAULT_BINNED_LR_LAMBDAS, fitLrPart, type LrPart, predictLrPart } from './lrPart.ts';
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

/**
 * Grid averaged (not selected from) with `averageGrid: true`: the default entries plus one shallower,
 * wider-sampling entry for diversity (set a priori, not tuned on the evaluation folds).
 */
export const AVERAGE_GRID: BoosterParams[] = [
  ...DEFAULT_GRID,
  { max_depth: 3, eta: 0.03, iterations: 500, min_child_weight: 10, subsample: 0.8, colsample_bytree: 0.6 },
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
  /**
   * LR part binned: each feature cut into this many training-quantile bins, one-hot plus a missing bin
   * (additive, GAM-like; default lambdas `DEFAULT_BINNED_LR_LAMBDAS`). Absent: linear LR on standardised
   * features.
   */
  lrBins?: number;
  /**
   * true: average the raw probabilities of every grid entry (default grid `AVERAGE_GRID`) instead of
   * selecting the best one; Platt scaling is fitted on the averaged out-of-fold predictions.
   */
  averageGrid?: boolean;
  /**
   * true (needs `data.yAux`): a third part, boosting with the selected parameters trained on the auxiliary
   * label `data.yAux`, Platt-calibrated against the real label on its inner out-of-fold predictions;
   * the parts are then averaged with equal weights.
   */
  auxModel?: boolean;
};

export type TrainedDeteriorationModel = {
  booster: Booster;
  params: BoosterParams;
  calibration: PlattCalibration;
  /** Inner-CV AUROC of each grid entry, on training patients only. */
  cv: { params: BoosterParams; auroc: number }[];
  trainPatients: number;
  trainDeaths: number;
  /** Augmented training rows used (later windows of the training stays), 0 without augmentation. */
  augmentedRows: number;
  /** Logistic-regression part of the ensemble (absent when `ensemble: false`). */
  lr?: LrPart;
  /** Weight of the calibrated boosting probability in the ensemble. */
  gbWeight?: number;
  /** Inner-CV AUROC of each L2 strength, and of the ensemble with the chosen one. */
  lrCv?: { lambda: number; auroc: number }[];
  ensembleCvAuroc?: number;
  /** With `averageGrid`: inner-CV AUROC of the averaged boosting (raw, before calibration). */
  averagedCvAuroc?: number;
  /**
   * With `auxModel`: boosting trained on the auxiliary label, its calibration (fitted against the real
   * label), and its inner-CV AUROC against the real label (written to the model file's `aux`).
   */
  aux?: { booster: Booster; calibration: PlattCalibration; cvAuroc: number };
};

/** A booster that averages several boosters' probabilities (experimental: cannot be serialised yet). */
function averagedBooster(parts: Booster[]): Booster {
  return {
    train: () => {
      throw new ClinicalComputationError('an averaged booster is trained part by part');
    },
    predict: (x) => {
      const sum = new Array<number>(x.length).fill(0);
      for (const b of parts) {
        const pred = b.predict(x);
        for (let i = 0; i < pred.length; i++) sum[i]! += pred[i]!;
      }
      return sum.map((v) => v / parts.length);
    },
    toJSON: () => {
      throw new ClinicalComputationError('an averaged booster cannot be written to a model file');
    },
    free: () => {
      for (const b of parts) b.free();
    },
  };
}

/**
 * Training rows for the stays `rows` (indices into `data.x`): their real rows plus, when the dataset has
 * augmented rows, those of the same stays (never of other stays), with the stay's label.
 */
export function trainingRows(
  data: Dataset,
  rows: readonly number[],
  labels: readonly number[] = data.y,
): { x: number[][]; y: number[] } {
  const x = rows.map((i) => data.x[i]!);
  const y = rows.map((i) => labels[i]!);
  const aug = data.augmented;
  if (aug) {
    const keep = new Set(rows);
    aug.row.forEach((r, j) => {
      if (keep.has(r)) {
        x.push(aug.x[j]!);
        y.push(labels[r]!);
      }
    });
  }
  return { x, y };
}

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
  const grid = params.grid ?? (params.averageGrid ? AVERAGE_GRID : DEFAULT_GRID);
  const deaths = data.y.reduce((a, b) => a + b, 0);
  if (deaths < k || data.y.length - deaths < k) {
    throw new ClinicalComputationError('too few patients of each outcome for cross-validation', {
      details: { patients: data.y.length, deaths, folds: k },
    });
  }
  const XGBoost = await loadXGBoost();
  const fold = stratifiedFolds(data.y, k, seed);
  /** Inner out-of-fold raw predictions of boosting with `p` trained on `labels`. */
  const boosterOof = (p: BoosterParams, labels: readonly number[]): number[] => {
    const oof = new Array<number>(data.y.length).fill(0);
    for (let f = 0; f < k; f++) {
      const tr: number[] = [];
      const te: number[] = [];
      for (let i = 0; i < fold.length; i++) (fold[i] === f ? te : tr).push(i);
      const b = new XGBoost(boosterOptions(p, seed));
      try {
        const rows = trainingRows(data, tr, labels);
        b.train(rows.x, rows.y);
        const pred = b.predict(te.map((i) => data.x[i]!));
        te.forEach((row, j) => {
          oof[row] = pred[j]!;
        });
      } finally {
        b.free();
      }
    }
    return oof;
  };
  const cv: { params: BoosterParams; auroc: number; oof: number[] }[] = [];
  for (const p of grid) {
    const oof = boosterOof(p, data.y);
    cv.push({ params: p, auroc: auroc(data.y, oof), oof });
  }
  const allRows = data.y.map((_, i) => i);
  const selected = cv.reduce((a, b) => (b.auroc > a.auroc ? b : a));
  const averagedOof = params.averageGrid
    ? data.y.map((_, i) => cv.reduce((a, c) => a + c.oof[i]!, 0) / cv.length)
    : undefined;
  const best = averagedOof ? { ...selected, oof: averagedOof, auroc: auroc(data.y, averagedOof) } : selected;
  const calibration = fitPlatt(data.y, best.oof);
  const yAux = data.yAux;
  if (params.auxModel && !yAux) {
    throw new ClinicalComputationError('an auxiliary model needs auxiliary labels (data.yAux)');
  }
  const auxOof = params.auxModel && yAux ? boosterOof(best.params, yAux) : undefined;
  const auxCalibration = auxOof ? fitPlatt(data.y, auxOof) : undefined;
  const ensemble = params.ensemble ?? true;
  let lrPart: Pick<TrainedDeteriorationModel, 'lr' | 'gbWeight' | 'lrCv' | 'ensembleCvAuroc'> = {};
  if (ensemble) {
    const lrCv: { lambda: number; auroc: number; oof: number[] }[] = [];
    for (const lambda of params.lambdas ?? (params.lrBins ? DEFAULT_BINNED_LR_LAMBDAS : DEFAULT_LR_LAMBDAS)) {
      const oof = new Array<number>(data.y.length).fill(0);
      for (let f = 0; f < k; f++) {
        const tr: number[] = [];
        const te: number[] = [];
        for (let i = 0; i < fold.length; i++) (fold[i] === f ? te : tr).push(i);
        const rows = trainingRows(data, tr);
        const m = fitLrPart(rows.x, rows.y, lambda, params.lrBins);
        for (const i of te) oof[i] = predictLrPart(m, data.x[i]!);
      }
      lrCv.push({ lambda, auroc: auroc(data.y, oof), oof });
    }
    const bestLr = lrCv.reduce((a, b) => (b.auroc > a.auroc ? b : a));
    const blended = best.oof.map((p, i) =>
      combineParts(
        applyCalibration(calibration, p),
        bestLr.oof[i]!,
        auxOof && auxCalibration ? applyCalibration(auxCalibration, auxOof[i]!) : undefined,
        ENSEMBLE_GB_WEIGHT,
      ),
    );
    const all = trainingRows(data, allRows);
    lrPart = {
      lr: fitLrPart(all.x, all.y, bestLr.lambda, params.lrBins),
      gbWeight: ENSEMBLE_GB_WEIGHT,
      lrCv: lrCv.map((c) => ({ lambda: c.lambda, auroc: c.auroc })),
      ensembleCvAuroc: auroc(data.y, blended),
    };
  }
  const all = trainingRows(data, allRows);
  const fitted: Booster[] = [];
  for (const p of params.averageGrid ? grid : [best.params]) {
    const b = new XGBoost(boosterOptions(p, seed));
    b.train(all.x, all.y);
    fitted.push(b);
  }
  const booster = fitted.length === 1 ? fitted[0]! : averagedBooster(fitted);
  let aux: TrainedDeteriorationModel['aux'];
  if (auxOof && auxCalibration && yAux) {
    const b = new XGBoost(boosterOptions(best.params, seed));
    const rows = trainingRows(data, allRows, yAux);
    b.train(rows.x, rows.y);
    aux = { booster: b, calibration: auxCalibration, cvAuroc: auroc(data.y, auxOof) };
  }
  return {
    ...lrPart,
    booster,
    params: best.params,
    calibration,
    cv: cv.map((c) => ({ params: c.params, auroc: c.auroc })),
    trainPatients: data.y.length,
    trainDeaths: deaths,
    augmentedRows: data.augmented?.x.length ?? 0,
    ...(averagedOof ? { averagedCvAuroc: best.auroc } : {}),
    ...(aux ? { aux } : {}),
  };
}
