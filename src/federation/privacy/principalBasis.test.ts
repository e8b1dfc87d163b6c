import { describe, expect, it } from 'vitest';
import { principalBasis } from './principalBasis.ts';

describe('principalBasis', () => {
  it('returns orthonormal directions, the first along the largest spread of the rows', () => {
    // Rows spread mostly along (1, 1, 0), a little along (0, 0, 1).
    const rows = Array.from({ length: 40 }, (_, i) => {
      const a = (i % 10) - 4.5;
      const b = ((i * 7) % 5) - 2;
      return Float64Array.from([a, a, 0.1 * b]);
    });
    const basis = principalBasis(rows, 2);
    expect(basis).toHaveLength(2);
    const dot = (x: Float64Array, y: Float64Array) => x.reduce((s, v, j) => s + v * y[j]!, 0);
    expect(dot(basis[0]!, basis[0]!)).toBeCloseTo(1, 10);
    expect(dot(basis[1]!, basis[1]!)).toBeCloseTo(1, 10);
    expect(dot(basis[0]!, basis[1]!)).toBeCloseTo(0, 10);
    expect(Math.abs(basis[0]![0]!)).toBeCloseTo(Math.SQRT1_2, 3);
    expect(Math.abs(basis[0]![1]!)).toBeCloseTo(Math.SQRT1_2, 3);
    expect(Math.abs(basis[1]![2]!)).toBeCloseTo(1, 3);
  });

  it('stops at the rank of the rows', () => {
    const rows = Array.from({ length: 5 }, (_, i) => Float64Array.from([i, 2 * i, 0, 0]));
    expect(principalBasis(rows, 3)).toHaveLength(1);
  });
});
