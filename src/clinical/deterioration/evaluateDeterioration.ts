import type { Outcomes, PhysionetRecord } from '../physionet/types.ts';
import { buildDataset, type Dataset, stratifiedFolds } from './buildDataset.ts';
import type { FeatureSet } from './featureSpec.ts';
import { auprc, auroc, brier } from './metrics.ts';
import { predictTrained } from './predictTrained.ts';
import { type BoosterParams, trainDeteriorationModel } from './trainDeteriorationModel.ts';

export type DeteriorationMetrics = {
  auroc: number;
  auprc: number;
  brier: number;
  /** AUROC of the worst NEWS2 over the same hours, same test patients, same data. */
  news2Auroc: number;
  patients: { train: number; test: number };
  hours: number;
  featureSet: FeatureSet;
};

export type EvaluateDeteriorationParameters = {
  train: { records: PhysionetRecord[]; outcomes: Outcomes };
  test: { records: PhysionetRecord[]; outcomes: Outcomes };
  hours: number;
  featureSet: FeatureSet;
  grid?: BoosterParams[];
  folds?: number;
  seed?: number;
  /** false: gradient boosting only. Default true (GB + LR ensemble). */
  ensemble?: boolean;
  /** L2 strengths tried for the LR part (default `DEFAULT_LR_LAMBDAS`). */
  lambdas?: number[];
  /** Training-only augmentation windows (hours after admission); test rows are always the first `hours`. */
  augmentOffsetsHours?: number[];
  /** Average every grid entry's boosting instead of selecting one (see `trainDeteriorationModel`). */
  averageGrid?: boolean;
  /** Binned (additive) LR part with this many training-quantile bins (see `trainDeteriorationModel`). */
  lrBins?: number;
  /**
   * Auxiliary TRAINING labels (e.g. death in hospital or within 30 days): adds a third part, boosting
   * trained on them (see `trainDeteriorationModel`'s `auxModel`). Test labels stay in-hospital death.
   */
  auxOutcomes?: Outcomes;
};

/** AUROC of each part of the ensemble on the same test patients (absent for boosting only). */
export type ComponentAuroc = { gbAuroc: number; lrAuroc?: number; auxAuroc?: number };

export type EvaluateDeteriorationReturnType = DeteriorationMetrics &
  ComponentAuroc & {
    selected: BoosterParams;
    innerCv: { params: BoosterParams; auroc: number }[];
    lrCv?: { lambda: number; auroc: number }[];
  };

/** Computes the metrics of calibrated probabilities on test rows, with the NEWS2 baseline. */
export function scoreDataset(
  test: Dataset,
  probabilities: number[],
): Pick<DeteriorationMetrics, 'auroc' | 'auprc' | 'brier' | 'news2Auroc'> {
  return {
    auroc: auroc(test.y, probabilities),
    auprc: auprc(test.y, probabilities),
    brier: brier(test.y, probabilities),
    news2Auroc: auroc(test.y, test.news2Worst),
  };
}

/** Trains on the training patients only (tuning and calibration inside them) and scores the test patients. */
export async function evaluateDeterioration(
  params: EvaluateDeteriorationParameters,
): Promise<EvaluateDeteriorationReturnType> {
  const spec = { hours: params.hours, featureSet: params.featureSet };
  const trainIds = new Set(params.train.records.map((r) => r.recordId));
  const testRecords = params.test.records.filter((r) => !trainIds.has(r.recordId));
  const train = buildDataset(params.train.records, params.train.outcomes, {
    ...spec,
    augmentOffsetsHours: params.augmentOffsetsHours,
    auxOutcomes: params.auxOutcomes,
  });
  const test = buildDataset(testRecords, params.test.outcomes, spec);
  const model = await trainDeteriorationModel({
    data: train,
    ...spec,
    grid: params.grid,
    folds: params.folds,
    seed: params.seed,
    ensemble: params.ensemble,
    lambdas: params.lambdas,
    averageGrid: params.averageGrid,
    lrBins: params.lrBins,
    auxModel: params.auxOutcomes !== undefined,
  });
  try {
    const pred = predictTrained(model, test.x);
    return {
      ...scoreDataset(test, pred.probability),
      gbAuroc: auroc(test.y, pred.gb),
      ...(pred.lr ? { lrAuroc: auroc(test.y, pred.lr) } : {}),
      ...(pred.aux ? { auxAuroc: auroc(test.y, pred.aux) } : {}),
      lrCv: model.lrCv,
      patients: { train: train.y.length, test: test.y.length },
      hours: params.hours,
      featureSet: params.featureSet,
      selected: model.params,
      innerCv: model.cv,
    };
  } finally {
    model.booster.free();
    model.aux?.booster.free();
  }
}

export type CrossValidateDeteriorationParameters = {
  records: PhysionetRecord[];
  outcomes: Outcomes;
  k: number;
  hours: number;
  featureSet: FeatureSet;
  grid?: BoosterParams[];
  innerFolds?: number;
  seed?: number;
  /** false: gradient boosting only. Default true (GB + LR ensemble). */
  ensemble?: boolean;
  /**
   * Training-only augmentation windows (hours after admission): the training folds also get rows from
   * these later windows of their own stays; test-fold rows are always the first `hours`.
   */
  augmentOffsetsHours?: number[];
  /** Average every grid entry's boosting instead of selecting one (see `trainDeteriorationModel`). */
  averageGrid?: boolean;
  /** Binned (additive) LR part with this many training-quantile bins (see `trainDeteriorationModel`). */
  lrBins?: number;
  /**
   * Auxiliary TRAINING labels (e.g. death in hospital or within 30 days): adds a third part, boosting
   * trained on them (see `trainDeteriorationModel`'s `auxModel`). Test labels stay in-hospital death.
   */
  auxOutcomes?: Outcomes;
};

/**
 * Patient-level K-fold: each fold's model is tuned and calibrated on the other folds only; metrics are
 * computed on the pooled out-of-fold calibrated probabilities, plus the per-fold AUROCs.
 */
export async function crossValidateDeterioration(
  params: CrossValidateDeteriorationParameters,
): Promise<
  DeteriorationMetrics & ComponentAuroc & { k: number; foldAuroc: number[]; foldLrLambda?: number[] }
> {
  const spec = { hours: params.hours, featureSet: params.featureSet };
  const data = buildDataset(params.records, params.outcomes, {
    ...spec,
    augmentOffsetsHours: params.augmentOffsetsHours,
    auxOutcomes: params.auxOutcomes,
  });
  const fold = stratifiedFolds(data.y, params.k, (params.seed ?? 1) + 1000);
  const oof = new Array<number>(data.y.length).fill(0);
  const oofGb = new Array<number>(data.y.length).fill(0);
  const oofLr = new Array<number>(data.y.length).fill(0);
  const oofAux = new Array<number>(data.y.length).fill(0);
  let withLr = false;
  let withAux = false;
  const foldAuroc: number[] = [];
  // L2 strength of the LR part each fold's inner CV chose (diagnostic).
  const foldLrLambda: number[] = [];
  for (let f = 0; f < params.k; f++) {
    const pick = (inFold: boolean): Dataset => {
      const idx = fold.map((g, i) => ((g === f) === inFold ? i : -1)).filter((i) => i >= 0);
      const picked: Dataset = {
        recordIds: idx.map((i) => data.recordIds[i]!),
        x: idx.map((i) => data.x[i]!),
        y: idx.map((i) => data.y[i]!),
        news2Worst: idx.map((i) => data.news2Worst[i]!),
      };
      // Auxiliary labels only ever train (the test fold's are never read).
      const yAux = data.yAux;
      if (yAux && !inFold) picked.yAux = idx.map((i) => yAux[i]!);
      const aug = data.augmented;
      if (aug && !inFold) {
        // Augmented rows of the training stays only, re-indexed to the picked rows.
        const newIndex = new Map(idx.map((i, n) => [i, n]));
        picked.augmented = { x: [], row: [] };
        aug.row.forEach((r, j) => {
          const n = newIndex.get(r);
          if (n !== undefined) {
            picked.augmented!.x.push(aug.x[j]!);
            picked.augmented!.row.push(n);
          }
        });
      }
      return picked;
    };
    const train = pick(false);
    const test = pick(true);
    const model = await trainDeteriorationModel({
      data: train,
      ...spec,
      grid: params.grid,
      folds: params.innerFolds ?? 3,
      seed: params.seed,
      ensemble: params.ensemble,
      averageGrid: params.averageGrid,
      lrBins: params.lrBins,
      auxModel: params.auxOutcomes !== undefined,
    });
    try {
      const pred = predictTrained(model, test.x);
      foldAuroc.push(auroc(test.y, pred.probability));
      if (model.lr) foldLrLambda.push(model.lr.lambda);
      withLr = pred.lr !== undefined;
      withAux = pred.aux !== undefined;
      let j = 0;
      fold.forEach((g, i) => {
        if (g === f) {
          oof[i] = pred.probability[j]!;
          oofGb[i] = pred.gb[j]!;
          oofLr[i] = pred.lr?.[j] ?? 0;
          oofAux[i] = pred.aux?.[j] ?? 0;
          j++;
        }
      });
    } finally {
      model.booster.free();
      model.aux?.booster.free();
    }
  }
  return {
    ...scoreDataset(data, oof),
    gbAuroc: auroc(data.y, oofGb),
    ...(withLr ? { lrAuroc: auroc(data.y, oofLr) } : {}),
    ...(withAux ? { auxAuroc: auroc(data.y, oofAux) } : {}),
    patients: { train: data.y.length - Math.round(data.y.length / params.k), test: data.y.length },
    hours: params.hours,
    featureSet: params.featureSet,
    k: params.k,
    foldAuroc,
    ...(withLr ? { foldLrLambda } : {}),
  };
}
