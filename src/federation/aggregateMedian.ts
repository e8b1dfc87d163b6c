import { checkUpdates } from './checkUpdate.ts';
import { AggregationError } from './errors.ts';
import type { AggregationInput, AggregationResult } from './types.ts';

/** Applies `reduce` to the sorted values of each coordinate across the updates. */
export function coordinateWise(
  input: AggregationInput,
  rule: string,
  reduce: (sorted: Float64Array) => number,
): AggregationResult {
  const n = input.updates.length;
  if (n === 0) throw new AggregationError(`${rule}: no update to aggregate`);
  const column = new Float64Array(n);
  const delta = new Float64Array(input.dimension);
  for (let j = 0; j < input.dimension; j++) {
    for (let i = 0; i < n; i++) column[i] = input.updates[i]!.delta[j]!;
    column.sort();
    delta[j] = reduce(column);
  }
  return { delta, weights: new Map(input.updates.map((u) => [u.hospitalId, 1 / n])) };
}

/**
 * Coordinate-wise median (Yin et al. 2018): each parameter moves by the median of the hospitals'
 * changes; sample counts are ignored. Robust to fewer than half outliers per coordinate, but biased
 * when hospitals differ (non-IID) and evaded by small coordinated shifts ("a little is enough").
 */
export function aggregateMedian(input: AggregationInput): AggregationResult {
  checkUpdates(input);
  return coordinateWise(input, 'median', (s) => {
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  });
}
