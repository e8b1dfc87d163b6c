import { describe, expect, it } from 'vitest';
import { lcgRandom } from '../../../test/support/random.ts';
import {
  binnedColumns,
  binOf,
  encodeRow,
  fitBinnedLogistic,
  predictBinnedLogistic,
  quantileCuts,
} from './binnedLogistic.ts';
import { MISSING } from './featureSpec.ts';
import { fitLogisticRegression, predictLogistic } from './logisticRegression.ts';
import { auroc } from './metrics.ts';

describe('quantile bins', () => {
  it('cuts at the training quantiles, ignoring missing values, and collapses equal cuts', () => {
    // 10 present values + 2 missing: quartile cuts at sorted indices 2, 4, 7 (ceil(k·10/4) − 1).
    expect(quantileCuts([5, 1, 9, 3, 7, MISSING, 2, 8, 4, 6, 10, Number.NaN], 4)).toEqual([3, 5, 8]);
    // Discrete values: equal cuts collapse and no cut sits at the maximum.
    expect(quantileCuts([0, 0, 0, 0, 0, 0, 1, 1, 1, 1], 5)).toEqual([0]);
    expect(quantileCuts([7, 7, 7], 4)).toEqual([]);
    expect(quantileCuts([MISSING], 4)).toEqual([]);
  });

  it('puts a value equal to a cut in the lower bin', () => {
    const cuts = [3, 6, 8];
    expect([-1, 3, 3.5, 6, 7, 8, 8.1, 100].map((v) => binOf(cuts, v))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(binOf([], 5)).toBe(0);
  });

  it('encodes one active column per feature, missing to the missing bin or else the median bin', () => {
    // Feature 0: cuts [2] (bins ≤2, >2), no missing in training. Feature 1: one missing → missing bin.
    const x = [
      [1, 10],
      [2, MISSING],
      [3, 30],
      [4, 40],
    ];
    const m = fitBinnedLogistic(x, [0, 0, 1, 1], 1, 2);
    expect(m.cuts).toEqual([[2], [30]]);
    expect(m.offsets).toEqual([0, 2]);
    expect(m.missingColumns).toEqual([-1, 4]);
    expect(m.medianBins).toEqual([0, 0]);
    expect(binnedColumns(m)).toBe(5);
    expect(m.weights).toHaveLength(5);
    expect(Array.from(encodeRow(m, [1, 10]))).toEqual([0, 2]);
    expect(Array.from(encodeRow(m, [9, 31]))).toEqual([1, 3]);
    expect(Array.from(encodeRow(m, [MISSING, Number.NaN]))).toEqual([0, 4]);
    // Higher feature 0 and 1 go with the positive rows here.
    expect(m.weights[1]!).toBeGreaterThan(m.weights[0]!);
  });
});

// Synthetic rows (not patient data): risk is U-shaped in column 0 (both extremes bad), rises with
// column 1; column 2 is noise, often missing.
function synthetic(n: number, seed: number): { x: number[][]; y: number[] } {
  const rand = lcgRandom(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const hr = 40 + rand() * 120;
    const b = rand() * 10;
    x.push([hr, b, rand() < 0.4 ? MISSING : rand()]);
    const logit = ((hr - 100) / 25) ** 2 - 2.5 + (b - 5) / 3;
    y.push(rand() < 1 / (1 + Math.exp(-logit)) ? 1 : 0);
  }
  return { x, y };
}

describe('fitBinnedLogistic', () => {
  it('captures a U-shaped risk that the linear logistic regression cannot', () => {
    const train = synthetic(1500, 3);
    const test = synthetic(800, 77);
    const binned = fitBinnedLogistic(train.x, train.y, 3, 8);
    const linear = fitLogisticRegression(train.x, train.y, 3);
    const pb = test.x.map((r) => predictBinnedLogistic(binned, r));
    const pl = test.x.map((r) => predictLogistic(linear, r));
    expect(pb.every((v) => v > 0 && v < 1)).toBe(true);
    expect(auroc(test.y, pb)).toBeGreaterThan(0.8);
    expect(auroc(test.y, pb)).toBeGreaterThan(auroc(test.y, pl) + 0.1);
    // Both extreme bins of column 0 carry more risk than the middle ones.
    const w0 = binned.weights.slice(0, binned.cuts[0]!.length + 1);
    expect(w0[0]!).toBeGreaterThan(w0[3]!);
    expect(w0[w0.length - 1]!).toBeGreaterThan(w0[4]!);
  });

  it('is deterministic, penalises more with a larger lambda, and rejects bad arguments', () => {
    const { x, y } = synthetic(400, 5);
    const a = fitBinnedLogistic(x, y, 10, 6);
    expect(fitBinnedLogistic(x, y, 10, 6)).toEqual(a);
    const strong = fitBinnedLogistic(x, y, 1000, 6);
    const norm = (w: number[]) => Math.sqrt(w.reduce((s, v) => s + v * v, 0));
    expect(norm(strong.weights)).toBeLessThan(norm(a.weights) / 2);
    expect(() => fitBinnedLogistic([[1]], [1, 0], 1, 4)).toThrow(/labels/);
    expect(() => fitBinnedLogistic([[1], [2]], [1, 0], 0, 4)).toThrow(/lambda/);
    expect(() => fitBinnedLogistic([[1], [2]], [1, 0], 1, 1)).toThrow(/bins/);
  });
});
