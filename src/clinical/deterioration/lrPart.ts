import {
  type BinnedLogisticModel,
  binnedColumns,
  fitBinnedLogistic,
  predictBinnedLogistic,
} from './binnedLogistic.ts';
import { fitLogisticRegression, type LogisticModel, predictLogistic } from './logisticRegression.ts';

/** The logistic-regression part of the ensemble: linear on standardised features, or binned (additive). */
export type LrPart = LogisticModel | BinnedLogisticModel;

/** L2 strengths tried for the binned LR (set a priori for unstandardised 0/1 bin columns; picked by inner CV). */
export const DEFAULT_BINNED_LR_LAMBDAS = [3, 10, 30, 100, 300, 1000];

/** Fits the LR part on training rows only: binned with `bins` quantile bins, else linear. */
export function fitLrPart(
  x: readonly (readonly number[])[],
  y: readonly number[],
  lambda: number,
  bins?: number,
): LrPart {
  return bins ? fitBinnedLogistic(x, y, lambda, bins) : fitLogisticRegression(x, y, lambda);
}

export function predictLrPart(model: LrPart, row: readonly number[]): number {
  return model.method === 'binned-l2-logistic'
    ? predictBinnedLogistic(model, row)
    : predictLogistic(model, row);
}

/** Whether the LR part's weights match a model file with `features` feature names. */
export function lrPartMatches(model: LrPart, features: number): boolean {
  return model.method === 'binned-l2-logistic'
    ? model.cuts.length === features && model.weights.length === binnedColumns(model)
    : model.weights.length === features + model.indicators.length;
}
