import { describe, expect, it } from 'vitest';
import {
  addRoundEvidence,
  decideExclusion,
  newHospitalTrust,
  DEFAULT_HOSPITAL_TRUST as P,
  reinstateHospitalTrust,
} from './hospitalTrust.ts';

describe('hospital trust on the beta reputation', () => {
  it('starts at the base rate and follows E = (r + W·a) / (r + s + W) per round of evidence', () => {
    const fresh = newHospitalTrust('hosp-a');
    expect(fresh.trust).toBe(0.5);
    const good = addRoundEvidence(fresh, { round: 1, score: 1 });
    expect(good.trust).toBeCloseTo((1 + 1) / (1 + 0 + 2), 12);
    // Score 0.5: r += 0.5, s += 3 × 0.5.
    const half = addRoundEvidence(fresh, { round: 1, score: 0.5 });
    expect(half.trust).toBeCloseTo((0.5 + 1) / (0.5 + 1.5 + 2), 12);
  });

  it('one clearly bad round excludes a new hospital; a refused update counts as bad evidence too', () => {
    const bad = addRoundEvidence(newHospitalTrust('hosp-a'), { round: 1, score: 0 });
    expect(bad.trust).toBeCloseTo(1 / 5, 12);
    const d = decideExclusion(bad, 1);
    expect(d.excludedNow).toBe(true);
    expect(d.record).toMatchObject({ excluded: true, excludedAtRound: 1 });
    expect(decideExclusion(d.record, 2).excludedNow).toBe(false);
    const refused = addRoundEvidence(newHospitalTrust('hosp-b'), { round: 1, refused: true });
    expect(refused.trust).toBeLessThan(P.excludeBelow);
  });

  it('a record of good rounds absorbs one bad round; bad evidence outlives good evidence', () => {
    let t = newHospitalTrust('hosp-a');
    for (let r = 1; r <= 10; r++) t = addRoundEvidence(t, { round: r, score: 1 });
    t = addRoundEvidence(t, { round: 11, score: 0 });
    expect(t.trust).toBeGreaterThan(P.excludeBelow);
    // 30 quiet rounds later the good record has faded three half-lives, the bad one half of one.
    const later = addRoundEvidence(t, { round: 41 });
    expect(later.rep.r).toBeCloseTo(t.rep.r / 8, 9);
    expect(later.rep.s).toBeCloseTo(t.rep.s * 2 ** (-30 / 60), 9);
    expect(later.trust).toBeLessThan(t.trust);
  });

  it('reinstatement forgives negative evidence and lifts the exclusion', () => {
    const excluded = decideExclusion(
      addRoundEvidence(newHospitalTrust('hosp-a'), { round: 1, score: 0 }),
      1,
    ).record;
    const back = reinstateHospitalTrust(excluded);
    expect(back.excluded).toBe(false);
    expect(back.excludedAtRound).toBeUndefined();
    expect(back.rep.s).toBe(0);
    expect(back.trust).toBe(0.5);
  });
});
