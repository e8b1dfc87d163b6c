import { weightedAverage } from './aggregateFedAvg.ts';
import { checkUpdates } from './checkUpdate.ts';
import { AggregationError, FederationConfigError } from './errors.ts';
import type { AggregationInput, AggregationResult } from './types.ts';
import { squaredDistance } from './vectors.ts';

export type KrumParameters = {
  /** Number of Byzantine hospitals the rule should tolerate (default 1). */
  f?: number;
  /** How many lowest-scoring updates are averaged: 1 = Krum, more = Multi-Krum (default 1). */
  m?: number;
};

/** Each update's Krum score: the sum of squared distances to its n − f − 2 nearest other updates. */
export function krumScores(input: AggregationInput, f: number): number[] {
  const n = input.updates.length;
  const neighbours = n - f - 2;
  if (neighbours < 1) {
    throw new AggregationError(`krum: ${n} updates are too few to tolerate f = ${f} (need n ≥ f + 3)`, {
      details: { updates: n, f },
    });
  }
  const d = input.updates.map((a) => input.updates.map((b) => squaredDistance(a.delta, b.delta)));
  return d.map((row, i) => {
    const others = row.filter((_, j) => j !== i).sort((x, y) => x - y);
    return others.slice(0, neighbours).reduce((s, v) => s + v, 0);
  });
}

/**
 * Krum / Multi-Krum (Blanchard et al. 2017): the update (or the plain mean of the `m` updates) closest
 * to its n − f − 2 nearest neighbours. Guarantees need n ≥ 2f + 3; ties go to the earlier update.
 */
export function aggregateKrum(input: AggregationInput, params: KrumParameters = {}): AggregationResult {
  const f = params.f ?? 1;
  const m = params.m ?? 1;
  if (!Number.isInteger(f) || f < 0) throw new FederationConfigError('krum: f must be an integer ≥ 0');
  checkUpdates(input);
  const n = input.updates.length;
  if (!Number.isInteger(m) || m < 1 || m > n - f) {
    throw new FederationConfigError(`krum: m must be an integer in [1, n − f] = [1, ${n - f}]`);
  }
  const scores = krumScores(input, f);
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b);
  const chosen = new Set(order.slice(0, m));
  return weightedAverage(
    input,
    input.updates.map((_, i) => (chosen.has(i) ? 1 : 0)),
    'krum',
  );
}
