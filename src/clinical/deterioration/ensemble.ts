/** Weight of the calibrated gradient-boosting probability in the GB + LR ensemble (fixed a priori). */
export const ENSEMBLE_GB_WEIGHT = 0.5;

/** Averages the calibrated boosting probability with the logistic-regression probability. */
export function ensembleProbability(gbCalibrated: number, lr: number, gbWeight = ENSEMBLE_GB_WEIGHT): number {
  return gbWeight * gbCalibrated + (1 - gbWeight) * lr;
}
