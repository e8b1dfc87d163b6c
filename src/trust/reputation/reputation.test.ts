import { describe, expect, it } from 'vitest';
import { defaultEvidenceWeights, type EvidenceKind } from '../evidence/evidenceKinds.ts';
import {
  computeOpinion,
  createReputation,
  decayReputation,
  discountNegativeEvidence,
  explainReputation,
  DEFAULT_REPUTATION_PARAMETERS as P,
  updateReputation,
} from './index.ts';

const weights = defaultEvidenceWeights();
const H = 3600_000;
const add = (state = createReputation(0), kind: EvidenceKind, at: number, n = 1, strength?: number) =>
  updateReputation(state, {
    evidence: Array.from({ length: n }, () => ({
      kind,
      at,
      ...(strength === undefined ? {} : { strength }),
    })),
    weights,
    params: P,
  });

describe('computeOpinion', () => {
  it('gives the base rate with no evidence and b + d + u = 1', () => {
    const o = computeOpinion(0, 0, P);
    expect(o.uncertainty).toBe(1);
    expect(o.trust).toBe(0.5);
    const p = computeOpinion(7, 3, P);
    expect(p.belief + p.disbelief + p.uncertainty).toBeCloseTo(1, 12);
    expect(p.belief).toBeCloseTo(7 / 12, 12);
    expect(p.trust).toBeCloseTo(7 / 12 + 0.5 * (2 / 12), 12);
  });
});

describe('forgetting', () => {
  it('halves positive evidence after its half-life and negative evidence after its own', () => {
    let s = add(undefined, 'good_reading', 0, 10);
    s = add(s, 'replay', 0, 1);
    const later = decayReputation(s, P.positiveHalfLifeMs, P);
    expect(later.r).toBeCloseTo(5, 9);
    expect(later.s).toBeCloseTo(8 * 2 ** -(P.positiveHalfLifeMs / P.negativeHalfLifeMs), 9);
    const muchLater = decayReputation(s, P.negativeHalfLifeMs, P);
    expect(muchLater.s).toBeCloseTo(4, 9);
    expect(muchLater.contributions.replay).toBeCloseTo(4, 9);
  });

  it('never un-forgets when asked for an earlier time', () => {
    const s = decayReputation(add(undefined, 'good_reading', 0, 4), H, P);
    expect(decayReputation(s, 0, P)).toBe(s);
  });

  it('drifts back towards the base rate as evidence fades', () => {
    const s = add(undefined, 'signature_invalid', 0, 1);
    const t0 = computeOpinion(s.r, s.s, P).trust;
    const d = decayReputation(s, 10 * P.negativeHalfLifeMs, P);
    const t1 = computeOpinion(d.r, d.s, P).trust;
    expect(t0).toBeLessThan(0.2);
    expect(t1).toBeGreaterThan(0.49);
  });
});

describe('asymmetry', () => {
  it('an on-off attacker cannot wash its record: bad evidence outlives good evidence', () => {
    // 30 good readings per minute-long cycle phase then 5 bad ones, for 6 cycles, one per minute.
    let s = createReputation(0);
    let t = 0;
    const trusts: number[] = [];
    for (let cycle = 0; cycle < 6; cycle++) {
      for (let i = 0; i < 30; i++) {
        t += 60_000;
        s = add(s, 'good_reading', t);
      }
      for (let i = 0; i < 5; i++) {
        t += 60_000;
        s = add(s, 'disagreement', t);
      }
      trusts.push(computeOpinion(s.r, s.s, P).trust);
    }
    // Each cycle ends lower than the one before: the bad record accumulates.
    for (let i = 1; i < trusts.length; i++) expect(trusts[i]).toBeLessThan(trusts[i - 1]!);
    // With symmetric forgetting (both at the positive half-life) the same behaviour looks better.
    const sym = { ...P, negativeHalfLifeMs: P.positiveHalfLifeMs };
    const d = decayReputation(s, t + 6 * H, P);
    const dSym = decayReputation(s, t + 6 * H, sym);
    expect(computeOpinion(d.r, d.s, P).trust).toBeLessThan(computeOpinion(dSym.r, dSym.s, P).trust);
  });

  it('one forged signature outweighs a hundred good readings of the same moment', () => {
    const good = add(undefined, 'good_reading', 0, 10);
    const bad = add(good, 'signature_invalid', 0, 1);
    expect(computeOpinion(bad.r, bad.s, P).trust).toBeLessThan(computeOpinion(good.r, good.s, P).trust - 0.3);
  });
});

describe('explainReputation', () => {
  it('orders kinds by their effect on trust and sums contributions to r and s', () => {
    let s = add(undefined, 'good_reading', 0, 40);
    s = add(s, 'replay', 0, 2);
    s = add(s, 'gap', 0, 1);
    s = add(s, 'attack_score', 0, 1, 0.5);
    const { opinion, items } = explainReputation(s, P);
    expect(items.map((i) => i.kind)).toEqual(['good_reading', 'replay', 'attack_score', 'gap']);
    expect(items[0]!.effect).toBeGreaterThan(0);
    expect(items[1]!.effect).toBeLessThan(0);
    expect(items.find((i) => i.kind === 'attack_score')!.contribution).toBeCloseTo(3, 9);
    expect(items.find((i) => i.kind === 'replay')!.count).toBe(2);
    const neg = items.filter((i) => i.polarity === 'negative').reduce((a, i) => a + i.contribution, 0);
    expect(neg).toBeCloseTo(s.s, 9);
    expect(opinion.trust).toBeCloseTo(computeOpinion(s.r, s.s, P).trust, 12);
  });
});

describe('discountNegativeEvidence', () => {
  it('drops negative evidence and keeps positive evidence and counts', () => {
    let s = add(undefined, 'good_reading', 0, 20);
    s = add(s, 'replay', 0, 5);
    const d = discountNegativeEvidence(s, 0);
    expect(d.s).toBe(0);
    expect(d.r).toBe(s.r);
    expect(d.contributions.replay).toBeUndefined();
    expect(d.counts.replay).toBe(5);
    expect(discountNegativeEvidence(s, 0.25).s).toBeCloseTo(10, 9);
  });
});
