import { applyCalibration } from './calibration.ts';
import { combineParts, ENSEMBLE_GB_WEIGHT } from './ensemble.ts';
import { predictLrPart } from './lrPart.ts';
import type { TrainedDeteriorationModel } from './trainDeteriorationModel.ts';

export type TrainedPredictions = {
  /** Final probabilities: the ensemble when the model has an LR part, else calibrated boosting. */
  probability: number[];
  /** Calibrated boosting alone. */
  gb: number[];
  /** Logistic regression alone (absent without an LR part). */
  lr?: number[];
  /** Calibrated auxiliary-label boosting alone (absent without it). */
  aux?: number[];
};

/** Scores feature rows with a freshly trained model (boosting, its calibration and the optional LR part). */
export function predictTrained(
  model: TrainedDeteriorationModel,
  rows: readonly (readonly number[])[],
): TrainedPredictions {
  // One mutable copy of the rows for both boosters (ml-xgboost takes number[][]).
  const matrix = rows.map((r) => [...r]);
  const gb = rows.length
    ? model.booster.predict(matrix).map((p) => applyCalibration(model.calibration, p))
    : [];
  const lrModel = model.lr;
  const lr = lrModel ? rows.map((r) => predictLrPart(lrModel, r)) : undefined;
  const auxModel = model.aux;
  const aux =
    auxModel && rows.length
      ? auxModel.booster.predict(matrix).map((p) => applyCalibration(auxModel.calibration, p))
      : undefined;
  const w = model.gbWeight ?? ENSEMBLE_GB_WEIGHT;
  return {
    probability: gb.map((p, i) => combineParts(p, lr?.[i], aux?.[i], w)),
    gb,
    ...(lr ? { lr } : {}),
    ...(aux ? { aux } : {}),
  };
}
