import type { AggregatorConfig } from '../aggregatorConfig.ts';
import { FederationConfigError } from '../errors.ts';
import type { AggregationResult, ModelUpdate } from '../types.ts';
import { clipUpdate } from './clipUpdate.ts';
import type { GaussianSource } from './gaussianSource.ts';

/** Client-level differential privacy of a federation (DP-FedAvg, McMahan et al. 2018). */
export type DifferentialPrivacy = {
  /** σ: noise standard deviation over the clip norm (from `noiseMultiplierFor`). */
  noiseMultiplier: number;
  /** L2 norm every update is clipped to (its sensitivity). */
  clip: number;
  /** q: each eligible hospital takes part in a round with this probability. */
  sampleRate: number;
  gaussian: GaussianSource;
  /** Uniform [0, 1) draws for sampling hospitals. */
  random: () => number;
  /**
   * Optional orthonormal basis (vectors of the model's width) fixed by the coordinator from its own
   * reference patients: updates are projected on it before clipping, and noise is added in its k
   * dimensions only. Without it, the full parameter space.
   */
  basis?: readonly Float64Array[];
};

/** Only rules whose output is a fixed-weight sum of clipped updates have the sensitivity DP needs. */
export const DP_AGGREGATORS: readonly AggregatorConfig['name'][] = ['fedavg', 'fedprox'];

/**
 * DP-FedAvg's release: every update clipped to `clip`, summed with equal weight (reported sample
 * counts are ignored: they would change the sensitivity), Gaussian noise N(0, (σ·clip)²) added to each
 * coordinate, divided by the expected number of participants q·N (fixed, so it reveals nothing). The
 * noise is added even when nobody took part. Robust rules are refused: their output is not a fixed-
 * weight sum, so the accountant's guarantee would not hold.
 */
export function aggregatePrivately(
  updates: readonly ModelUpdate[],
  p: { dimension: number; federationSize: number; dp: DifferentialPrivacy; aggregator: AggregatorConfig },
): AggregationResult {
  if (!DP_AGGREGATORS.includes(p.aggregator.name)) {
    throw new FederationConfigError(
      `differential privacy needs ${DP_AGGREGATORS.join(' or ')}; ${p.aggregator.name} has no bounded sensitivity`,
    );
  }
  const denominator = p.dp.sampleRate * p.federationSize;
  const basis = p.dp.basis;
  // Coordinates of each update: on the basis when there is one, else the parameters themselves.
  const coords = (v: Float64Array) =>
    basis ? Float64Array.from(basis, (b) => b.reduce((a, x, j) => a + x * v[j]!, 0)) : v;
  const width = basis ? basis.length : p.dimension;
  const sum = new Float64Array(width);
  for (const u of updates) {
    const clipped = clipUpdate(coords(u.delta), p.dp.clip);
    for (let j = 0; j < width; j++) sum[j] = sum[j]! + clipped[j]!;
  }
  const sd = p.dp.noiseMultiplier * p.dp.clip;
  for (let j = 0; j < width; j++) sum[j] = (sum[j]! + sd * p.dp.gaussian()) / denominator;
  const delta = basis ? new Float64Array(p.dimension) : sum;
  if (basis) {
    basis.forEach((b, i) => {
      for (let j = 0; j < p.dimension; j++) delta[j] = delta[j]! + sum[i]! * b[j]!;
    });
  }
  return { delta, weights: new Map(updates.map((u) => [u.hospitalId, 1 / denominator])) };
}
