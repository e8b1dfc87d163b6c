import { describe, expect, it } from 'vitest';
import { buildObservation } from '../../ingest/buildObservation.ts';
import { createCadenceSource } from './createCadenceSource.ts';
import { createDisagreementSource } from './createDisagreementSource.ts';
import { createJumpSource } from './createJumpSource.ts';
import { anomalyFlagEvidence, attackScoreEvidence } from './detectorEvidence.ts';
import { defaultEvidenceWeights, EVIDENCE_KIND_NAMES, EVIDENCE_KINDS } from './evidenceKinds.ts';
import { readingQuantities } from './readingQuantities.ts';
import { rejectionEvidence } from './rejectionEvidence.ts';

const MIN = 60_000;

describe('evidence kinds', () => {
  it('weighs every negative kind except gaps and rate hits above one good reading', () => {
    const w = defaultEvidenceWeights();
    expect(EVIDENCE_KINDS.good_reading.polarity).toBe('positive');
    for (const k of EVIDENCE_KIND_NAMES) {
      if (EVIDENCE_KINDS[k].polarity === 'negative' && k !== 'gap' && k !== 'rate_exceeded') {
        expect(w[k]).toBeGreaterThan(w.good_reading);
      }
    }
    expect(w.signature_invalid).toBeGreaterThanOrEqual(w.disagreement);
  });
});

describe('rejectionEvidence', () => {
  it('maps device-blaming codes and ignores the rest', () => {
    expect(rejectionEvidence({ code: 'VIGIL_SIGNATURE_INVALID', deviceId: 'd1', receivedAt: 5 })).toEqual({
      deviceId: 'd1',
      kind: 'signature_invalid',
      at: 5,
    });
    expect(rejectionEvidence({ code: 'VIGIL_READING_REPLAYED', deviceId: 'd1', receivedAt: 5 })?.kind).toBe(
      'replay',
    );
    expect(rejectionEvidence({ code: 'VIGIL_RATE_EXCEEDED', deviceId: 'd1', receivedAt: 5 })?.kind).toBe(
      'rate_exceeded',
    );
    expect(rejectionEvidence({ code: 'VIGIL_OVERLOADED', deviceId: 'd1', receivedAt: 5 })).toBeUndefined();
    expect(
      rejectionEvidence({ code: 'VIGIL_DEVICE_UNKNOWN', deviceId: 'd1', receivedAt: 5 }),
    ).toBeUndefined();
    expect(rejectionEvidence({ code: 'VIGIL_SIGNATURE_INVALID', receivedAt: 5 })).toBeUndefined();
  });
});

describe('readingQuantities', () => {
  it('reads single values and both blood-pressure components', () => {
    const hr = buildObservation({
      kind: 'heartRate',
      value: 88,
      deviceId: 'd',
      patient: 'p',
      effectiveAt: 0,
    });
    expect(readingQuantities(hr)).toEqual([{ quantity: 'heartRate', value: 88 }]);
    const bp = buildObservation({
      kind: 'bloodPressure',
      value: { systolic: 120, diastolic: 80 },
      deviceId: 'd',
      patient: 'p',
      effectiveAt: 0,
    });
    expect(readingQuantities(bp)).toEqual([
      { quantity: 'systolic', value: 120 },
      { quantity: 'diastolic', value: 80 },
    ]);
  });
});

describe('createJumpSource', () => {
  it('flags a jump after warm-up once, then learns the new level', () => {
    const j = createJumpSource();
    for (let i = 0; i < 10; i++) expect(j.observe('d', 'heartRate', 80 + (i % 3)).jump).toBe(false);
    expect(j.observe('d', 'heartRate', 140).jump).toBe(true);
    const after = [141, 139, 140, 142, 140, 141, 140, 139, 140, 141].map(
      (v) => j.observe('d', 'heartRate', v).jump,
    );
    expect(after.filter(Boolean).length).toBeLessThanOrEqual(3);
    expect(after.at(-1)).toBe(false);
  });

  it('ignores clinically small moves and keeps devices apart', () => {
    const j = createJumpSource();
    for (let i = 0; i < 10; i++) j.observe('a', 'heartRate', 80);
    expect(j.observe('a', 'heartRate', 95).jump).toBe(false); // below the 25 /min minimum
    expect(j.observe('b', 'heartRate', 200).jump).toBe(false); // b has no history yet
  });
});

describe('createDisagreementSource', () => {
  const obs = (deviceId: string, value: number, at = 0) => ({
    deviceId,
    patient: 'p1',
    quantity: 'heartRate' as const,
    value,
    at,
  });

  it('blames the odd one out of three and not the two that agree', () => {
    const d = createDisagreementSource();
    d.observe(obs('mon', 80));
    d.observe(obs('ecg', 82));
    const odd = d.observe(obs('oxi', 120));
    expect(odd.peerIds.sort()).toEqual(['ecg', 'mon']);
    expect(odd.disagrees).toBe(true);
    const honest = d.observe(obs('mon', 81, 60_000));
    expect(honest.disagrees).toBe(false);
    expect(honest.corroborated).toBe(true);
  });

  it('ignores peers outside the time window, of other patients, or excluded', () => {
    const d = createDisagreementSource({ windowMs: 90_000 });
    d.observe(obs('mon', 80, 0));
    d.observe({ ...obs('ecg', 80, 0), patient: 'p2' });
    expect(d.observe(obs('oxi', 140, 5 * MIN)).peerIds).toEqual([]);
    d.observe(obs('mon', 80, 5 * MIN));
    expect(d.observe({ ...obs('oxi', 140, 5 * MIN), excludePeer: (id) => id === 'mon' }).peerIds).toEqual([]);
  });

  it('detects a slow drift below the tolerance with two peers (CUSUM), not honest noise', () => {
    const d = createDisagreementSource();
    let drifted = -1;
    let honestAlarms = 0;
    for (let m = 0; m < 60; m++) {
      const truth = 90 + 5 * Math.sin(m / 7);
      const jitter = ((m * 7919) % 5) - 2; // deterministic noise in [-2, 2]
      d.observe(obs('mon', truth + jitter, m * MIN));
      d.observe(obs('ecg', truth - jitter / 2, m * MIN));
      const r = d.observe(obs('oxi', truth + 0.4 * m, m * MIN));
      if (r.drift && drifted < 0) drifted = m;
      if (d.observe(obs('mon', truth + jitter, m * MIN + 1)).drift) honestAlarms += 1;
    }
    expect(drifted).toBeGreaterThan(5);
    expect(drifted).toBeLessThan(25); // well before the 12 /min tolerance is crossed at minute 30
    expect(honestAlarms).toBe(0);
  });

  it('never reports drift with a single peer', () => {
    const d = createDisagreementSource();
    for (let m = 0; m < 40; m++) {
      d.observe(obs('mon', 90, m * MIN));
      expect(d.observe(obs('oxi', 90 + 0.4 * m, m * MIN)).drift).toBe(false);
    }
  });
});

describe('createCadenceSource', () => {
  it('flags readings beyond five times the normal per-minute count, after warm-up', () => {
    const c = createCadenceSource();
    for (let m = 0; m < 10; m++) {
      expect(c.observe('d', m * MIN)).toBe(false);
      expect(c.observe('d', m * MIN + 1000)).toBe(false);
    }
    const burst = Array.from({ length: 30 }, (_, i) => c.observe('d', 10 * MIN + i * 100));
    expect(burst.slice(0, 10).some(Boolean)).toBe(false); // limit max(5 x 2, 10) = 10
    expect(burst.slice(10).every(Boolean)).toBe(true);
    // The flood bucket is not learned: the next burst is flagged just the same.
    const next = Array.from({ length: 30 }, (_, i) => c.observe('d', 11 * MIN + i * 100));
    expect(next.filter(Boolean).length).toBe(20);
  });

  it('reports a silence once per gap length', () => {
    const c = createCadenceSource({ gapFactor: 5 });
    for (let m = 0; m < 10; m++) c.observe('d', m * MIN);
    expect(c.checkGaps(12 * MIN)).toEqual([]);
    expect(c.checkGaps(15 * MIN)).toEqual(['d']);
    expect(c.checkGaps(16 * MIN)).toEqual([]);
    expect(c.checkGaps(20 * MIN)).toEqual(['d']);
    c.observe('d', 21 * MIN);
    expect(c.checkGaps(22 * MIN)).toEqual([]);
  });
});

describe('detector evidence', () => {
  it('turns attack scores at or above the threshold into weighted evidence', () => {
    expect(attackScoreEvidence({ deviceId: 'd', score: 0.2, threshold: 0.5, at: 1 })).toBeUndefined();
    expect(attackScoreEvidence({ deviceId: 'd', score: 0.8, threshold: 0.5, at: 1 })).toEqual({
      deviceId: 'd',
      kind: 'attack_score',
      at: 1,
      strength: 0.8,
    });
  });

  it('keeps only artefact anomaly flags', () => {
    const flags = [
      { vital: 'heartRate', kind: 'jump', likely: 'artefact', score: 0.7, message: '', time: 3 },
      { vital: 'heartRate', kind: 'trend', likely: 'clinical', score: 0.9, message: '', time: 4 },
    ] as const;
    expect(anomalyFlagEvidence('d', flags)).toEqual([
      { deviceId: 'd', kind: 'anomaly_artefact', at: 3, strength: 0.7 },
    ]);
  });
});
