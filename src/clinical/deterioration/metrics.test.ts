import { describe, expect, it } from 'vitest';
import { lcgRandom } from '../../../test/support/random.ts';
import { applyCalibration, fitPlatt } from './calibration.ts';
import { auprc, auroc, brier } from './metrics.ts';

describe('metrics', () => {
  it('auroc counts correctly ordered positive/negative pairs, ties one half', () => {
    // pairs (pos, neg): (0.8,0.1) (0.8,0.4) (0.8,0.8)=0.5 (0.3,0.1) (0.3,0.4)=0 (0.3,0.8)=0 -> 3.5 / 6
    expect(auroc([1, 1, 0, 0, 0], [0.8, 0.3, 0.1, 0.4, 0.8])).toBeCloseTo(3.5 / 6, 12);
    expect(auroc([0, 1], [0.1, 0.9])).toBe(1);
    expect(auroc([0, 1], [0.9, 0.1])).toBe(0);
    expect(auroc([1, 1], [0.9, 0.1])).toBeNaN();
  });

  it('auprc is average precision', () => {
    // ranked: 0.9(1) 0.8(0) 0.7(1) 0.1(0): AP = 0.5*1 + 0.5*(2/3)
    expect(auprc([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toBeCloseTo(0.5 + 1 / 3, 12);
    expect(auprc([1, 1, 0], [0.9, 0.8, 0.1])).toBe(1);
  });

  it('brier is the mean squared error', () => {
    expect(brier([1, 0], [0.75, 0.5])).toBeCloseTo((0.0625 + 0.25) / 2, 12);
  });
});

describe('Platt calibration', () => {
  it('recovers a known logistic mapping from raw scores', () => {
    const rand = lcgRandom(3);
    const raw: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const r = 0.02 + 0.96 * rand();
      const logit = Math.log(r / (1 - r));
      const p = 1 / (1 + Math.exp(-(0.5 * logit - 1)));
      raw.push(r);
      y.push(rand() < p ? 1 : 0);
    }
    const cal = fitPlatt(y, raw);
    expect(Math.abs(cal.a - 0.5)).toBeLessThan(0.1);
    expect(Math.abs(cal.b + 1)).toBeLessThan(0.15);
    expect(Math.abs(applyCalibration(cal, 0.5) - 1 / (1 + Math.exp(1)))).toBeLessThan(0.03);
  });
});
