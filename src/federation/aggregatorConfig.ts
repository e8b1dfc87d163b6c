import { aggregateFedAvg } from './aggregateFedAvg.ts';
import { aggregateKrum } from './aggregateKrum.ts';
import { aggregateMedian } from './aggregateMedian.ts';
import { aggregateTrimmedMean, DEFAULT_TRIM_BETA } from './aggregateTrimmedMean.ts';
import { aggregateTrustWeighted, DEFAULT_SAMPLE_CAP_FACTOR } from './aggregateTrustWeighted.ts';
import { FederationConfigError } from './errors.ts';
import type { AggregationInput, AggregationResult } from './types.ts';

/** Every aggregation rule, with what it does. */
export const AGGREGATORS = {
  fedavg: 'FedAvg: mean weighted by reported sample counts',
  fedprox: 'FedProx: FedAvg aggregation, proximal term μ in each hospital’s local training',
  median: 'coordinate-wise median',
  'trimmed-mean': 'coordinate-wise β-trimmed mean',
  krum: 'Krum: the update closest to its n − f − 2 nearest neighbours',
  'multi-krum': 'Multi-Krum: mean of the m updates with the best Krum scores',
  trust:
    'trust-weighted: expected trust (beta reputation) × capped sample count; exclusion below the threshold',
} as const;

export type AggregatorName = keyof typeof AGGREGATORS;
export const AGGREGATOR_NAMES = Object.keys(AGGREGATORS) as AggregatorName[];

/** A rule with its parameters (defaults filled in by `resolveAggregator`). */
export type AggregatorConfig = {
  name: AggregatorName;
  /** fedprox: proximal strength μ. */
  proximalMu?: number;
  /** trimmed-mean: share trimmed per side. */
  beta?: number;
  /** krum, multi-krum: tolerated Byzantine hospitals. */
  f?: number;
  /** multi-krum: updates averaged (default n − f each round). */
  m?: number;
  /** trust: cap on reported sample counts, in medians. */
  sampleCapFactor?: number;
};

export const DEFAULT_PROXIMAL_MU = 0.1;

/** Checks a rule name and fills its default parameters (the object whose digest goes on chain). */
export function resolveAggregator(
  name: string,
  overrides: Omit<AggregatorConfig, 'name'> = {},
): AggregatorConfig {
  if (!(name in AGGREGATORS)) {
    throw new FederationConfigError(`unknown aggregator ${name} (one of ${AGGREGATOR_NAMES.join(', ')})`);
  }
  const n = name as AggregatorName;
  switch (n) {
    case 'fedavg':
    case 'median':
      return { name: n };
    case 'fedprox':
      return { name: n, proximalMu: overrides.proximalMu ?? DEFAULT_PROXIMAL_MU };
    case 'trimmed-mean':
      return { name: n, beta: overrides.beta ?? DEFAULT_TRIM_BETA };
    case 'krum':
      return { name: n, f: overrides.f ?? 1, m: 1 };
    case 'multi-krum':
      return { name: n, f: overrides.f ?? 1, ...(overrides.m ? { m: overrides.m } : {}) };
    case 'trust':
      return { name: n, sampleCapFactor: overrides.sampleCapFactor ?? DEFAULT_SAMPLE_CAP_FACTOR };
  }
}

/** Runs the configured rule on a round's updates (`trust`: each hospital's expected trust). */
export function aggregate(
  config: AggregatorConfig,
  input: AggregationInput,
  trust: ReadonlyMap<string, number>,
): AggregationResult {
  switch (config.name) {
    case 'fedavg':
    case 'fedprox':
      return aggregateFedAvg(input);
    case 'median':
      return aggregateMedian(input);
    case 'trimmed-mean':
      return aggregateTrimmedMean(input, { beta: config.beta });
    case 'krum':
      return aggregateKrum(input, { f: config.f, m: 1 });
    case 'multi-krum': {
      const f = config.f ?? 1;
      return aggregateKrum(input, { f, m: config.m ?? Math.max(1, input.updates.length - f) });
    }
    case 'trust':
      return aggregateTrustWeighted(input, { trust, sampleCapFactor: config.sampleCapFactor });
  }
}
