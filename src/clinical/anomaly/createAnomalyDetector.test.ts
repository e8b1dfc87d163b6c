import { describe, expect, it } from 'vitest';
import { createAnomalyDetector } from './createAnomalyDetector.ts';
import type { AnomalyFlag, Vital } from './types.ts';

const MIN = 60_000;
// A stable but naturally varying course (no two consecutive values equal).
const base = (i: number) => ({
  heartRate: 78 + ((i * 7) % 5) - 2,
  respiratoryRate: 16 + (i % 3) - 1,
  spo2: 96 + ((i * 5) % 3) - 1,
  systolic: 122 + ((i * 11) % 7) - 3,
  diastolic: 72 + ((i * 13) % 5) - 2,
  temperature: 36.8 + (((i * 3) % 4) - 1.5) / 10,
});

function run(
  n: number,
  tweak: (i: number, v: Record<Vital, number | null>) => void,
  step = MIN,
): AnomalyFlag[][] {
  const d = createAnomalyDetector();
  const out: AnomalyFlag[][] = [];
  for (let i = 0; i < n; i++) {
    const v: Record<Vital, number | null> = base(i);
    tweak(i, v);
    out.push(d.observe('p1', i * step, v));
  }
  return out;
}

describe('createAnomalyDetector', () => {
  it('raises nothing on a stable, varying course', () => {
    expect(run(40, () => {}).flat()).toEqual([]);
  });

  it('labels a one-sample spike that reverts as an artefact jump', () => {
    const flags = run(30, (i, v) => {
      if (i === 20) v.heartRate = 140;
    }).flat();
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.every((f) => f.vital === 'heartRate' && f.kind === 'jump' && f.likely === 'artefact')).toBe(
      true,
    );
  });

  it('labels a physiologically impossible step as an artefact immediately', () => {
    const flags = run(30, (i, v) => {
      if (i === 20) v.heartRate = 220;
    });
    expect(flags[20]).toContainEqual(
      expect.objectContaining({ vital: 'heartRate', kind: 'jump', likely: 'artefact' }),
    );
  });

  it('labels a flat line as an artefact', () => {
    const flags = run(40, (i, v) => {
      if (i >= 15 && i < 30) v.spo2 = 97;
    }).flat();
    expect(flags).toContainEqual(
      expect.objectContaining({ vital: 'spo2', kind: 'flatline', likely: 'artefact' }),
    );
    expect(flags.filter((f) => f.kind === 'flatline')).toHaveLength(1);
  });

  it('flags a zero reading and a missing value as dropouts', () => {
    const flags = run(30, (i, v) => {
      if (i === 10) v.heartRate = 0;
      if (i === 12) v.respiratoryRate = null;
    });
    expect(flags[10]).toContainEqual(
      expect.objectContaining({ vital: 'heartRate', kind: 'dropout', likely: 'artefact' }),
    );
    expect(flags[12]).toContainEqual(expect.objectContaining({ vital: 'respiratoryRate', kind: 'dropout' }));
  });

  it('flags a long gap in a vital as a dropout', () => {
    const d = createAnomalyDetector();
    for (let i = 0; i < 20; i++) d.observe('p', i * MIN, { heartRate: 70 + (i % 3) });
    const flags = d.observe('p', 60 * MIN, { heartRate: 71 });
    expect(flags).toContainEqual(
      expect.objectContaining({ vital: 'heartRate', kind: 'dropout', likely: 'artefact' }),
    );
  });

  it('flags impossible combinations: diastolic >= systolic, SpO2 with HR 0', () => {
    const flags = run(12, (i, v) => {
      if (i === 8) v.diastolic = v.systolic;
      if (i === 9) {
        v.heartRate = 0;
        v.spo2 = 100;
      }
    });
    expect(flags[8]).toContainEqual(expect.objectContaining({ kind: 'impossible', likely: 'artefact' }));
    expect(flags[9]).toContainEqual(expect.objectContaining({ vital: 'heartRate', kind: 'impossible' }));
  });

  it('flags disagreement between ECG heart rate and oximeter pulse as an artefact', () => {
    const d = createAnomalyDetector();
    expect(d.observe('p', 0, { heartRate: 80, pulseRate: 82 })).toEqual([]);
    expect(d.observe('p', MIN, { heartRate: 140, pulseRate: 70 })).toContainEqual(
      expect.objectContaining({ vital: 'heartRate', kind: 'impossible', likely: 'artefact' }),
    );
  });

  it('labels a sustained coherent change (HR up, SpO2 down, RR up) as clinical', () => {
    const flags = run(40, (i, v) => {
      if (i >= 20) {
        v.heartRate = (v.heartRate ?? 0) + 35;
        v.spo2 = (v.spo2 ?? 0) - 8;
        v.respiratoryRate = (v.respiratoryRate ?? 0) + 10;
      }
    }).flat();
    const trends = flags.filter((f) => f.kind === 'trend');
    expect(trends.length).toBeGreaterThanOrEqual(2);
    expect(trends.every((f) => f.likely === 'clinical')).toBe(true);
    expect(trends.some((f) => f.message.includes('together with'))).toBe(true);
    expect(flags.filter((f) => f.likely === 'artefact')).toEqual([]);
  });

  it('keeps patients apart', () => {
    const d = createAnomalyDetector();
    for (let i = 0; i < 10; i++) d.observe('a', i * MIN, base(i));
    expect(d.observe('b', 10 * MIN, { heartRate: 150 })).toEqual([]);
    expect(d.size()).toBe(2);
    d.reset('a');
    expect(d.size()).toBe(1);
  });
});
