import { weightedAverage } from './aggregateFedAvg.ts';
import { checkUpdates } from './checkUpdate.ts';
import { FederationConfigError } from './errors.ts';
import type { AggregationInput, AggregationResult } from './types.ts';
import { median } from './vectors.ts';

export const DEFAULT_SAMPLE_CAP_FACTOR = 2;

export type TrustWeightedParameters = {
  /** Each hospital's expected trust in [0, 1] (its beta reputation), after this round's evidence. */
  trust: ReadonlyMap<string, number>;
  /**
   * A reported sample count counts at most this many times the round's median count, so a hospital
   * that inflates its count gains at most this factor (default 2); 0 = ignore counts (trust alone).
   */
  sampleCapFactor?: number;
};

/**
 * Vigil's trust-weighted rule: each update weighs its hospital's expected trust times its reported
 * sample count capped at `sampleCapFactor` × the median count. A hospital without a trust value, or
 * with trust 0, contributes nothing.
 */
export function aggregateTrustWeighted(
  input: AggregationInput,
  params: TrustWeightedParameters,
): AggregationResult {
  const factor = params.sampleCapFactor ?? DEFAULT_SAMPLE_CAP_FACTOR;
  if (!(factor >= 0) || !Number.isFinite(factor)) {
    throw new FederationConfigError('trust: sampleCapFactor must be a finite number ≥ 0');
  }
  checkUpdates(input);
  const cap = factor * median(input.updates.map((u) => u.samples));
  const raw = input.updates.map((u) => {
    const t = params.trust.get(u.hospitalId) ?? 0;
    const trust = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
    return trust * (factor === 0 ? 1 : Math.min(u.samples, cap));
  });
  return weightedAverage(input, raw, 'trust');
}
