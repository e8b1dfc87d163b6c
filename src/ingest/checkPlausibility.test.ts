import { describe, expect, it } from 'vitest';
import { buildObservation, type VitalValue } from './buildObservation.ts';
import { checkPlausibility } from './checkPlausibility.ts';
import type { VitalKind } from './vitals.ts';

const obs = (kind: VitalKind, value: VitalValue) =>
  buildObservation({ kind, value, deviceId: 'd', patient: 'p', effectiveAt: 0 });

describe('checkPlausibility', () => {
  const edges: [VitalKind, number, number][] = [
    ['heartRate', 20, 300],
    ['respiratoryRate', 2, 80],
    ['spo2', 50, 100],
    ['bodyTemperature', 25, 45],
  ];
  for (const [kind, min, max] of edges) {
    it(`accepts ${kind} at ${min} and ${max} and rejects just outside`, () => {
      expect(checkPlausibility(obs(kind, min))).toEqual({ ok: true });
      expect(checkPlausibility(obs(kind, max))).toEqual({ ok: true });
      for (const v of [min - 0.1, max + 0.1]) {
        const result = checkPlausibility(obs(kind, v));
        expect(result).toMatchObject({ ok: false, code: 'VIGIL_READING_IMPLAUSIBLE', details: { min, max } });
        expect(JSON.stringify(result)).not.toContain(String(v)); // no patient value in the rejection
      }
    });
  }

  it('checks both blood pressure components and diastolic < systolic', () => {
    expect(checkPlausibility(obs('bloodPressure', { systolic: 300, diastolic: 15 }))).toEqual({ ok: true });
    expect(checkPlausibility(obs('bloodPressure', { systolic: 301, diastolic: 80 }))).toMatchObject({
      details: { loinc: '8480-6', path: '/observation/component/0/valueQuantity/value' },
    });
    expect(checkPlausibility(obs('bloodPressure', { systolic: 120, diastolic: 14 }))).toMatchObject({
      details: { loinc: '8462-4', path: '/observation/component/1/valueQuantity/value' },
    });
    expect(checkPlausibility(obs('bloodPressure', { systolic: 90, diastolic: 90 }))).toMatchObject({
      code: 'VIGIL_READING_IMPLAUSIBLE',
      details: { path: '/observation/component' },
    });
  });

  it('rejects unknown vitals', () => {
    const o = obs('heartRate', 70);
    expect(
      checkPlausibility({ ...o, code: { coding: [{ system: 'http://loinc.org', code: '1-1' }] } }).ok,
    ).toBe(false);
  });
});
