import { describe, expect, it } from 'vitest';
import { aggregateFedAvg } from './aggregateFedAvg.ts';
import { aggregateKrum } from './aggregateKrum.ts';
import { aggregateMedian } from './aggregateMedian.ts';
import { aggregateTrimmedMean, trimCount } from './aggregateTrimmedMean.ts';
import { aggregateTrustWeighted } from './aggregateTrustWeighted.ts';
import type { AggregationInput, AggregationResult, ModelUpdate } from './types.ts';

const u = (hospitalId: string, delta: number[], samples = 10, round = 1): ModelUpdate => ({
  hospitalId,
  round,
  delta: Float64Array.from(delta),
  samples,
});
const A = u('hosp-a', [1, 2], 10);
const B = u('hosp-b', [3, -2], 30);
const C = u('hosp-c', [100, 0], 10);
const D = u('hosp-d', [5, 4], 10);
const E = u('hosp-e', [-50, 10], 10);
const input = (...updates: ModelUpdate[]): AggregationInput => ({ updates, dimension: 2, round: 1 });
const vec = (r: AggregationResult) => Array.from(r.delta);

describe('hand-computed vectors', () => {
  it('fedavg weighs by reported sample count: (10·A + 30·B + 10·C) / 50', () => {
    const r = aggregateFedAvg(input(A, B, C));
    expect(vec(r)[0]).toBeCloseTo(22, 12);
    expect(vec(r)[1]).toBeCloseTo(-0.8, 12);
    expect(Object.fromEntries(r.weights)).toEqual({ 'hosp-a': 0.2, 'hosp-b': 0.6, 'hosp-c': 0.2 });
  });

  it('median takes the middle value per coordinate (mean of the two middle ones for an even count)', () => {
    expect(vec(aggregateMedian(input(A, B, C)))).toEqual([3, 0]);
    expect(vec(aggregateMedian(input(A, B, C, D)))).toEqual([4, 1]);
  });

  it('trimmed mean drops ⌊βn⌋ (at least 1) per side per coordinate, β = 0.2 by default', () => {
    expect(trimCount(4, 0.2)).toBe(1);
    expect(trimCount(10, 0.2)).toBe(2);
    expect(trimCount(11, 0.2)).toBe(2);
    expect(trimCount(5, 0)).toBe(0);
    expect(vec(aggregateTrimmedMean(input(A, B, C, D)))).toEqual([4, 1]);
    expect(vec(aggregateTrimmedMean(input(A, B, C, D, E)))).toEqual([3, 2]);
    const plain = vec(aggregateTrimmedMean(input(A, B, C, D, E), { beta: 0 }));
    expect(plain[0]).toBeCloseTo(11.8, 12);
    expect(plain[1]).toBeCloseTo(2.8, 12);
  });

  it('krum picks the update closest to its neighbours; multi-krum averages the m best', () => {
    // f = 0, n = 4: sums of squared distances to the 2 nearest: A 40, B 60, C 18454, D 60.
    const krum = aggregateKrum(input(A, B, C, D), { f: 0 });
    expect(vec(krum)).toEqual([1, 2]);
    expect(Object.fromEntries(krum.weights)).toEqual({ 'hosp-a': 1, 'hosp-b': 0, 'hosp-c': 0, 'hosp-d': 0 });
    const multi = aggregateKrum(input(A, B, C, D), { f: 0, m: 3 });
    expect(vec(multi)[0]).toBeCloseTo(3, 12);
    expect(vec(multi)[1]).toBeCloseTo(4 / 3, 12);
    expect(multi.weights.get('hosp-c')).toBe(0);
  });

  it('trust-weighted: trust × sample count capped at 2 × the median count', () => {
    const liar = u('hosp-d', [5, 4], 1000);
    const trust = new Map([
      ['hosp-a', 1],
      ['hosp-b', 0.5],
      ['hosp-c', 0],
      ['hosp-d', 1],
    ]);
    // median count 20, cap 40: raw weights 10, 15, 0, 40 (of 65).
    const r = aggregateTrustWeighted(input(A, B, C, liar), { trust });
    expect(vec(r)[0]).toBeCloseTo(255 / 65, 12);
    expect(vec(r)[1]).toBeCloseTo(150 / 65, 12);
    expect(r.weights.get('hosp-c')).toBe(0);
    expect(r.weights.get('hosp-d')).toBeCloseTo(40 / 65, 12);
    // Counts ignored (factor 0): trust alone.
    const t = aggregateTrustWeighted(input(A, B), { trust, sampleCapFactor: 0 });
    expect(vec(t)[0]).toBeCloseTo((1 + 0.5 * 3) / 1.5, 12);
  });
});

const rules: [string, (i: AggregationInput) => AggregationResult][] = [
  ['fedavg', aggregateFedAvg],
  ['median', aggregateMedian],
  ['trimmed mean', (i) => aggregateTrimmedMean(i)],
  ['krum', (i) => aggregateKrum(i, { f: 0 })],
  ['trust', (i) => aggregateTrustWeighted(i, { trust: new Map(i.updates.map((x) => [x.hospitalId, 0.8])) })],
];

describe.each(rules)('%s refuses adversarial input with stable codes', (_name, aggregate) => {
  const withBad = (bad: ModelUpdate, extra: Partial<AggregationInput> = {}) =>
    aggregate({ ...input(A, B, D, bad), ...extra });
  const codeOf = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      return (e as { code?: string }).code;
    }
    return undefined;
  };

  it.each([
    ['NaN', [Number.NaN, 0]],
    ['+Infinity', [0, Number.POSITIVE_INFINITY]],
    ['-Infinity', [Number.NEGATIVE_INFINITY, 1]],
  ])('an update holding %s: VIGIL_FL_UPDATE_NOT_FINITE', (_label, delta) => {
    expect(codeOf(() => withBad(u('hosp-x', delta as number[])))).toBe('VIGIL_FL_UPDATE_NOT_FINITE');
  });

  it('wrong shapes: VIGIL_FL_UPDATE_SHAPE_MISMATCH', () => {
    expect(codeOf(() => withBad(u('hosp-x', [1, 2, 3])))).toBe('VIGIL_FL_UPDATE_SHAPE_MISMATCH');
    expect(codeOf(() => withBad(u('hosp-x', [1])))).toBe('VIGIL_FL_UPDATE_SHAPE_MISMATCH');
    const plainArray = { ...u('hosp-x', [1, 2]), delta: [1, 2] as unknown as Float64Array };
    expect(codeOf(() => withBad(plainArray))).toBe('VIGIL_FL_UPDATE_SHAPE_MISMATCH');
  });

  it('an update from an excluded or suspended hospital: VIGIL_FL_HOSPITAL_EXCLUDED', () => {
    expect(codeOf(() => withBad(u('hosp-x', [1, 1]), { excluded: new Set(['hosp-x']) }))).toBe(
      'VIGIL_FL_HOSPITAL_EXCLUDED',
    );
  });

  it('a second update from one hospital, another round, a bad id or sample count', () => {
    expect(codeOf(() => withBad(u('hosp-a', [1, 1])))).toBe('VIGIL_FL_UPDATE_DUPLICATE');
    expect(codeOf(() => withBad(u('hosp-x', [1, 1], 10, 2)))).toBe('VIGIL_FL_UPDATE_WRONG_ROUND');
    expect(codeOf(() => withBad(u('', [1, 1])))).toBe('VIGIL_FL_HOSPITAL_INVALID');
    expect(codeOf(() => withBad(u('x'.repeat(40), [1, 1])))).toBe('VIGIL_FL_HOSPITAL_INVALID');
    for (const samples of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(codeOf(() => withBad(u('hosp-x', [1, 1], samples)))).toBe('VIGIL_FL_UPDATE_SAMPLES_INVALID');
    }
  });

  it('accepts the same round once the bad update is gone', () => {
    expect(aggregate(input(A, B, D)).delta).toHaveLength(2);
  });
});

describe('too few updates for a rule', () => {
  it('krum needs n ≥ f + 3; trimmed mean needs one value left; no weight at all is refused', () => {
    expect(() => aggregateKrum(input(A, B, C), { f: 1 })).toThrow(
      expect.objectContaining({ code: 'VIGIL_FL_TOO_FEW_UPDATES' }),
    );
    expect(() => aggregateTrimmedMean(input(A, B))).toThrow(
      expect.objectContaining({ code: 'VIGIL_FL_TOO_FEW_UPDATES' }),
    );
    expect(() => aggregateTrustWeighted(input(A, B), { trust: new Map() })).toThrow(
      expect.objectContaining({ code: 'VIGIL_FL_TOO_FEW_UPDATES' }),
    );
    expect(() => aggregateFedAvg(input())).toThrow(
      expect.objectContaining({ code: 'VIGIL_FL_TOO_FEW_UPDATES' }),
    );
    expect(() => aggregateKrum(input(A, B, C, D), { f: 1, m: 4 })).toThrow(
      expect.objectContaining({ code: 'VIGIL_FL_CONFIG_INVALID' }),
    );
  });
});
