import { describe, expect, it } from 'vitest';
import { chooseThreshold } from './chooseThreshold.ts';
import { computeDetectionMetrics } from './computeDetectionMetrics.ts';
import type { AttackCategory } from './wustlColumns.ts';

describe('computeDetectionMetrics', () => {
  it('computes precision, recall, F1 and per-category recall by hand', () => {
    const categories: AttackCategory[] = [
      'normal',
      'normal',
      'normal',
      'Spoofing',
      'Spoofing',
      'Data Alteration',
    ];
    const scores = [0.1, 0.7, 0.2, 0.9, 0.3, 0.8];
    // flagged at 0.5: rows 1 (FP), 3 (TP spoofing), 5 (TP alteration); row 4 is a missed spoof.
    const m = computeDetectionMetrics({ scores, threshold: 0.5, categories });
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
    expect(m.recallByCategory).toEqual({ Spoofing: 0.5, 'Data Alteration': 1 });
    // AUROC: positives 0.9, 0.3, 0.8 vs negatives 0.1, 0.7, 0.2 -> (3 + 2 + 3) / 9.
    expect(m.auroc).toBeCloseTo(8 / 9, 12);
  });

  it('flags a row whose score equals the threshold', () => {
    const m = computeDetectionMetrics({
      scores: [0.5, 0.4],
      threshold: 0.5,
      categories: ['Spoofing', 'normal'],
    });
    expect(m.recall).toBe(1);
    expect(m.precision).toBe(1);
    expect(m.recallByCategory['Data Alteration']).toBeNaN();
  });

  it('gives zero precision and F1 when nothing is flagged', () => {
    const m = computeDetectionMetrics({
      scores: [0.1, 0.2],
      threshold: 0.9,
      categories: ['Spoofing', 'normal'],
    });
    expect(m.precision).toBe(0);
    expect(m.recall).toBe(0);
    expect(m.f1).toBe(0);
  });
});

describe('chooseThreshold', () => {
  it('picks the cut with the best F1, between two distinct scores', () => {
    // Flagging 0.9 and 0.8 gives F1 4/5; flagging all five gives 6/8; so the cut lies between 0.8 and 0.6.
    expect(chooseThreshold([0.9, 0.8, 0.6, 0.3, 0.2], [1, 1, 0, 0, 1])).toBeCloseTo(0.7, 12);
    // With the third positive at 0.3 instead, flagging four rows gives 6/7 > 4/5: cut between 0.3 and 0.2.
    expect(chooseThreshold([0.9, 0.8, 0.6, 0.3, 0.2], [1, 1, 0, 1, 0])).toBeCloseTo(0.25, 12);
  });

  it('falls back to 0.5 without attacks', () => {
    expect(chooseThreshold([0.1, 0.9], [0, 0])).toBe(0.5);
  });
});
