import { checkUpdates } from './checkUpdate.ts';
import { AggregationError } from './errors.ts';
import type { AggregationInput, AggregationResult } from './types.ts';
import { weightedSum } from './vectors.ts';

/** Combines updates with the given non-negative weights (normalised to sum to 1). */
export function weightedAverage(
  input: AggregationInput,
  rawWeights: readonly number[],
  rule: string,
): AggregationResult {
  const total = rawWeights.reduce((a, w) => a + w, 0);
  if (!(total > 0) || !Number.isFinite(total)) {
    throw new AggregationError(`${rule}: no update carries any weight`, {
      details: { updates: input.updates.length },
    });
  }
  const weights = rawWeights.map((w) => w / total);
  return {
    delta: weightedSum(
      input.updates.map((u) => u.delta),
      weights,
      input.dimension,
    ),
    weights: new Map(input.updates.map((u, i) => [u.hospitalId, weights[i]!])),
  };
}

/**
 * FedAvg (McMahan et al. 2017): the average of the updates weighted by each hospital's reported
 * number of training patients. Textbook and fast, but a single liar or poisoner moves it at will.
 */
export function aggregateFedAvg(input: AggregationInput): AggregationResult {
  checkUpdates(input);
  return weightedAverage(
    input,
    input.updates.map((u) => u.samples),
    'fedavg',
  );
}
