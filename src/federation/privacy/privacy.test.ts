import { describe, expect, it } from 'vitest';
import { l2Norm } from '../vectors.ts';
import { clipUpdate } from './clipUpdate.ts';
import { createGaussianSource } from './gaussianSource.ts';

describe('clipUpdate', () => {
  it('scales a long update to the clip norm and leaves a short one alone', () => {
    expect(Array.from(clipUpdate(Float64Array.from([3, 4]), 1))).toEqual([0.6000000000000001, 0.8]);
    expect(l2Norm(clipUpdate(Float64Array.from([30, -40, 0]), 2))).toBeCloseTo(2, 12);
    expect(Array.from(clipUpdate(Float64Array.from([0.3, 0.4]), 1))).toEqual([0.3, 0.4]);
    expect(Array.from(clipUpdate(new Float64Array(2), 1))).toEqual([0, 0]);
  });
});

describe('createGaussianSource', () => {
  const moments = (draw: () => number, n: number) => {
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = draw();
      s += v;
      ss += v * v;
    }
    return { mean: s / n, variance: ss / n - (s / n) ** 2 };
  };

  it('draws standard normal values from the CSPRNG by default', () => {
    const m = moments(createGaussianSource(), 200_000);
    expect(Math.abs(m.mean)).toBeLessThan(0.02);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.02);
  });

  it('is reproducible with a seed (offline evaluation only) and differs between seeds', () => {
    const a = createGaussianSource(7);
    const b = createGaussianSource(7);
    const c = createGaussianSource(8);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    const m = moments(createGaussianSource(3), 200_000);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.02);
  });
});
