import { describe, expect, it } from 'vitest';
import { lcgRandom } from '../../../test/support/random.ts';
import { MISSING } from './featureSpec.ts';
import { fitLogisticRegression, predictLogistic } from './logisticRegression.ts';
import { auroc } from './metrics.ts';

// Synthetic rows (not patient data): outcome driven by column 0 (+) and column 1 (−); column 2 is noise
// and often missing; column 3 is constant.
function synthetic(n: number, seed: number): { x: number[][]; y: number[] } {
  const rand = lcgRandom(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rand() * 10;
    const b = rand() * 10;
    const row = [a, b, rand() < 0.4 ? MISSING : rand() * 1000, 7];
    x.push(row);
    y.push(rand() < 1 / (1 + Math.exp(-(a - b))) ? 1 : 0);
  }
  return { x, y };
}

describe('fitLogisticRegression', () => {
  it('learns the signal and generalises to new rows', () => {
    const train = synthetic(500, 3);
    const test = synthetic(300, 99);
    const m = fitLogisticRegression(train.x, train.y, 1);
    expect(m.weights[0]!).toBeGreaterThan(0.5);
    expect(m.weights[1]!).toBeLessThan(-0.5);
    expect(Math.abs(m.weights[2]!)).toBeLessThan(0.3);
    expect(m.weights[3]).toBe(0);
    const p = test.x.map((r) => predictLogistic(m, r));
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
    expect(auroc(test.y, p)).toBeGreaterThan(0.85);
  });

  it('fits medians and missingness indicators on the present training values only', () => {
    const { x, y } = synthetic(200, 5);
    const m = fitLogisticRegression(x, y, 1);
    const present = x.map((r) => r[2]!).filter((v) => v !== MISSING);
    expect(m.medians[2]!).toBeGreaterThanOrEqual(Math.min(...present));
    expect(m.medians[2]!).toBeLessThanOrEqual(Math.max(...present));
    expect(m.indicators).toEqual([2]);
    expect(m.weights).toHaveLength(4 + 1);
    // A missing value is treated like the training median (plus its indicator), and NaN like −999.
    const row = [5, 5, MISSING, 7];
    expect(predictLogistic(m, [5, 5, Number.NaN, 7])).toBe(predictLogistic(m, row));
  });

  it('shrinks weights as lambda grows', () => {
    const { x, y } = synthetic(300, 8);
    const weak = fitLogisticRegression(x, y, 0.1);
    const strong = fitLogisticRegression(x, y, 1000);
    expect(Math.abs(strong.weights[0]!)).toBeLessThan(Math.abs(weak.weights[0]!) / 2);
  });

  it('rejects mismatched labels and a non-positive lambda', () => {
    expect(() => fitLogisticRegression([[1]], [1, 0], 1)).toThrow(/labels/);
    expect(() => fitLogisticRegression([[1], [2]], [1, 0], 0)).toThrow(/lambda/);
  });
});
