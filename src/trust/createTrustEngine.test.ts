import { describe, expect, it } from 'vitest';
import { createTrustEngine } from './createTrustEngine.ts';
import { acceptedReading } from './testing.ts';

const MIN = 60_000;

/** Three heart-rate devices on one patient for `minutes`, the oximeter offset by `bias(m)`. */
function feed(
  engine: ReturnType<typeof createTrustEngine>,
  minutes: number,
  bias: (m: number) => number,
  from = 0,
) {
  const changes = [];
  for (let m = from; m < from + minutes; m++) {
    const at = m * MIN;
    const hr = 90 + ((m * 37) % 5) - 2;
    changes.push(
      ...engine.observeAccepted([
        acceptedReading('mon', 'p1', 'heartRate', hr, at),
        acceptedReading('ecg', 'p1', 'heartRate', hr + 1, at),
        acceptedReading('oxi', 'p1', 'heartRate', hr + bias(m), at),
      ]),
    );
  }
  return changes;
}

describe('createTrustEngine', () => {
  it('trusts agreeing devices and quarantines the one that disagrees, with a reason and the first suspect reading', () => {
    const engine = createTrustEngine();
    expect(feed(engine, 60, () => 0)).toEqual([]);
    const good = engine.explain('oxi');
    expect(good.opinion.trust).toBeGreaterThan(0.9);
    expect(good.items[0]!.kind).toBe('good_reading');
    const changes = feed(engine, 30, () => 40, 60);
    expect(changes).toHaveLength(1);
    const q = changes[0]!;
    expect(q).toMatchObject({ type: 'quarantine', deviceId: 'oxi' });
    expect(q.reason).toMatch(/^trust 0\.\d{3} < 0\.40: disagreement with other devices/);
    expect(q.type === 'quarantine' && q.sincePos).toBeGreaterThan(0);
    expect(engine.isQuarantined('oxi')).toBe(true);
    expect(engine.isQuarantined('mon')).toBe(false);
    expect(engine.isQuarantined('ecg')).toBe(false);
    const why = engine.explain('oxi');
    expect(why.items.find((i) => i.effect < 0)!.kind).toBe('disagreement');
    expect(why.digest).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('does not quarantine a new device on its first bit of negative evidence', () => {
    const engine = createTrustEngine();
    expect(engine.addEvidence([{ deviceId: 'n', kind: 'disagreement', at: 0 }])).toEqual([]);
    expect(engine.explain('n').opinion.trust).toBeLessThan(0.4);
    expect(engine.addEvidence([{ deviceId: 'n', kind: 'replay', at: 1 }])).toHaveLength(1);
  });

  it('splits the blame of a two-device disagreement by distrust', () => {
    const engine = createTrustEngine();
    engine.addEvidence([{ deviceId: 'b', kind: 'clock_skew', at: 0 }]);
    engine.observeAccepted([acceptedReading('a', 'p', 'heartRate', 80, 1000)]);
    engine.observeAccepted([acceptedReading('b', 'p', 'heartRate', 130, 1000)]);
    engine.observeAccepted([acceptedReading('a', 'p', 'heartRate', 80, 2000)]);
    const a = engine.explain('a').items.find((i) => i.kind === 'disagreement')!;
    const b = engine.explain('b').items.find((i) => i.kind === 'disagreement')!;
    expect(a.contribution).toBeGreaterThan(0);
    expect(b.contribution).toBeGreaterThan(a.contribution);
  });

  it('reinstates with the negative evidence forgotten and refuses devices that are not quarantined', () => {
    const engine = createTrustEngine();
    engine.addEvidence(
      Array.from({ length: 3 }, (_, i) => ({ deviceId: 'd', kind: 'signature_invalid' as const, at: i })),
    );
    expect(engine.isQuarantined('d')).toBe(true);
    expect(() => engine.reinstate('d', '', 10)).toThrow(/reason/);
    const change = engine.reinstate('d', 'key rotated after tamper check', 10);
    expect(change).toMatchObject({ type: 'reinstate', deviceId: 'd', trust: 0.5 });
    expect(engine.isQuarantined('d')).toBe(false);
    expect(engine.record('d')!.reinstatements).toEqual([
      { at: 10, reason: 'key rotated after tamper check' },
    ]);
    expect(engine.explain('d').counts.signature_invalid).toBe(3);
    expect(() => engine.reinstate('d', 'again', 11)).toThrow(/not quarantined/);
    expect(() => engine.reinstate('nobody', 'x', 11)).toThrow(/no trust record/);
  });

  it('tracks changed devices for the next commit', () => {
    const engine = createTrustEngine();
    engine.addEvidence([
      { deviceId: 'a', kind: 'good_reading', at: 0 },
      { deviceId: 'b', kind: 'gap', at: 0 },
    ]);
    expect(engine.takeDirty().sort()).toEqual(['a', 'b']);
    expect(engine.takeDirty()).toEqual([]);
    engine.markDirty(['a']);
    expect(engine.takeDirty()).toEqual(['a']);
  });

  it('explains a quarantine by the vital, the other device, the difference and the time, and keeps who/when/why', () => {
    const engine = createTrustEngine();
    feed(engine, 60, () => 0);
    feed(engine, 30, () => 40, 60);
    const why = engine.explain('oxi');
    expect(why.quarantine?.detail).toMatchObject({
      quantity: 'heartRate',
      peerId: expect.stringMatching(/^(mon|ecg)$/),
    });
    expect(why.quarantine!.detail!.diff).toBeGreaterThanOrEqual(38);
    expect(why.quarantine!.detail!.diff).toBeLessThanOrEqual(42);
    expect(why.quarantine!.detail!.at).toBeGreaterThanOrEqual(60 * MIN);
    engine.reinstate('oxi', 'probe re-seated', 100 * MIN, 'demo-admin');
    expect(engine.explain('oxi').history).toEqual([
      expect.objectContaining({ type: 'quarantine', by: 'trust engine', reason: why.quarantine!.reason }),
      { type: 'reinstate', at: 100 * MIN, by: 'demo-admin', reason: 'probe re-seated' },
    ]);
  });
});
