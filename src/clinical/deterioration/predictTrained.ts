import { applyCalibration } from './calibration.ts';
import { ENSEMBLE_GB_WEIGHT, ensembleProbability } from './ensemble.ts';
import { predictLogistic } from './logisticRegression.ts';
import type { TrainedDeteriorationModel } from './trainDeteriorationModel.ts';

export type TrainedPredictions = {
  /** Final probabilities: the ensemble when the model has an LR part, else calibrated boosting. */
  probability: number[];
  /** Calibrated boosting alone. */
  gb: number[];
  /** Logistic regression alone (absent without an LR part). */
  lr?: number[];
};

/** Scores feature rows with a freshly trained model (boosting, its calibration and the optional LR part). */
export function predictTrained(
  model: TrainedDeteriorationModel,
  rows: readonly (readonly number[])[],
): TrainedPredictions {
  const gb = rows.length
    ? model.booster.predict(rows.map((r) => [...r])).map((p) => applyCalibration(model.calibration, p))
    : [];
  const lrModel = model.lr;
  if (!lrModel) return { probability: gb, gb };
  const lr = rows.map((r) => predictLogistic(lrModel, r));
  const w = model.gbWeight ?? ENSEMBLE_GB_WEIGHT;
  return { probability: gb.map((p, i) => ensembleProbability(p, lr[i]!, w)), gb, lr };
}
