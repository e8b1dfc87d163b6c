import { coordinateWise } from './aggregateMedian.ts';
import { checkUpdates } from './checkUpdate.ts';
import { AggregationError, FederationConfigError } from './errors.ts';
import type { AggregationInput, AggregationResult } from './types.ts';

export const DEFAULT_TRIM_BETA = 0.2;

/** How many values each side trims: ⌊βn⌋, but at least one whenever β > 0 (so 4 hospitals trim 1+1). */
export function trimCount(n: number, beta: number): number {
  return beta > 0 ? Math.max(1, Math.floor(beta * n)) : 0;
}

/**
 * Coordinate-wise β-trimmed mean (Yin et al. 2018): per parameter, drop the `trimCount(n, β)` largest
 * and smallest changes and average the rest. Sample counts are ignored.
 */
export function aggregateTrimmedMean(
  input: AggregationInput,
  params: { beta?: number } = {},
): AggregationResult {
  const beta = params.beta ?? DEFAULT_TRIM_BETA;
  if (!(beta >= 0 && beta < 0.5)) throw new FederationConfigError('trimmed mean: beta must be in [0, 0.5)');
  checkUpdates(input);
  const n = input.updates.length;
  const k = trimCount(n, beta);
  if (n - 2 * k < 1) {
    throw new AggregationError(`trimmed mean: ${n} updates leave none after trimming ${k} each side`, {
      details: { updates: n, trimmed: k },
    });
  }
  return coordinateWise(input, 'trimmed mean', (s) => {
    let sum = 0;
    for (let i = k; i < n - k; i++) sum += s[i]!;
    return sum / (n - 2 * k);
  });
}
