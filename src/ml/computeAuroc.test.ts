import { describe, expect, it } from 'vitest';
import { computeAuroc } from './computeAuroc.ts';

describe('computeAuroc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(computeAuroc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(computeAuroc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });

  it('matches a hand count of ordered pairs', () => {
    // positives 0.6 and 0.3; negatives 0.5, 0.2, 0.1: pairs won = 3 + 2 = 5 of 6.
    expect(computeAuroc([0.6, 0.5, 0.3, 0.2, 0.1], [1, 0, 1, 0, 0])).toBeCloseTo(5 / 6, 12);
  });

  it('counts a tie between a positive and a negative as one half', () => {
    // positive 0.5 ties negative 0.5 and beats 0.1: (0.5 + 1) / 2.
    expect(computeAuroc([0.5, 0.5, 0.1], [1, 0, 0])).toBe(0.75);
    expect(computeAuroc([0.3, 0.3, 0.3, 0.3], [1, 0, 1, 0])).toBe(0.5);
  });

  it('is NaN with a single class', () => {
    expect(computeAuroc([0.1, 0.2], [0, 0])).toBeNaN();
  });
});
