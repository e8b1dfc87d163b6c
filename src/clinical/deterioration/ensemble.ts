/** Weight of the calibrated gradient-boosting probability in the GB + LR ensemble (fixed a priori). */
export const ENSEMBLE_GB_WEIGHT = 0.5;

/** Averages the calibrated boosting probability with the logistic-regression probability. */
export function ensembleProbability(gbCalibrated: number, lr: number, gbWeight = ENSEMBLE_GB_WEIGHT): number {
  return gbWeight * gbCalibrated + (1 - gbWeight) * lr;
}

/** Final probability from the calibrated parts: equal average with an auxiliary part, else GB/LR weights. */
export function combineParts(
  gb: number,
  lr: number | undefined,
  aux: number | undefined,
  gbWeight: number,
): number {
  if (aux === undefined) return lr === undefined ? gb : ensembleProbability(gb, lr, gbWeight);
  return lr === undefined ? (gb + aux) / 2 : (gb + lr + aux) / 3;
}
