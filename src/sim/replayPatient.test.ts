import { describe, expect, it } from 'vitest';
import { importPublicKeySec1, verifyReadingSignature } from '../identity/index.ts';
import { checkClockSkew, checkPlausibility, parseMessage, validateReading } from '../ingest/index.ts';
import { loadDemoPatients } from './loadDemoPatients.ts';
import { createPatientDevices, interpolate, type ReplayEvent, replayPatient } from './replayPatient.ts';

const patients = await loadDemoPatients();

describe('loadDemoPatients', () => {
  it('loads the 20 bundled stays with time-ordered series of every vital', () => {
    expect(patients).toHaveLength(20);
    for (const p of patients) {
      expect(p.pseudonym).toMatch(/^physionet-\d+$/);
      for (const series of Object.values(p.series)) {
        expect(series.length).toBeGreaterThan(0);
        for (let i = 1; i < series.length; i++)
          expect(series[i]!.minute).toBeGreaterThan(series[i - 1]!.minute);
      }
    }
  });
});

describe('interpolate', () => {
  const s = [
    { minute: 10, value: 60 },
    { minute: 20, value: 80 },
    { minute: 40, value: 70 },
  ];
  it('holds before the first and after the last sample and is linear between', () => {
    expect(interpolate(s, 0)).toBe(60);
    expect(interpolate(s, 15)).toBe(70);
    expect(interpolate(s, 30)).toBe(75);
    expect(interpolate(s, 99)).toBe(70);
    expect(interpolate([], 5)).toBeUndefined();
  });
});

describe('replayPatient', () => {
  const patient = patients[0]!;
  const devices = createPatientDevices(patient);
  const startAt = Date.parse('2026-03-01T00:00:00Z');
  const events: ReplayEvent[] = [...replayPatient({ patient, devices, startAt, speed: 3600, toMinute: 180 })];

  it('emits each stream at its cadence, in time order, compressed by speed', () => {
    const count = (stream: string) => events.filter((e) => e.stream === stream).length;
    expect(count('heartRate')).toBe(181);
    expect(count('pulse')).toBe(181);
    expect(count('bloodPressure')).toBe(13);
    expect(count('bodyTemperature')).toBe(4);
    for (let i = 1; i < events.length; i++) expect(events[i]!.at).toBeGreaterThanOrEqual(events[i - 1]!.at);
    // 180 stay minutes at 3600x take 3 wall seconds.
    expect(events.at(-1)!.at - startAt).toBe(3000);
  });

  it('produces readings that pass schema, signature, plausibility and clock checks, with increasing seq', () => {
    const lastSeq = new Map<string, number>();
    for (const { reading, device, at } of events) {
      const parsed = parseMessage(new TextEncoder().encode(JSON.stringify(reading)));
      expect(parsed.ok).toBe(true);
      const valid = validateReading(parsed.ok ? parsed.readings[0] : undefined);
      expect(valid.ok).toBe(true);
      expect(verifyReadingSignature(importPublicKeySec1(device.publicKey), reading)).toBe(true);
      expect(checkPlausibility(reading.observation)).toEqual({ ok: true });
      expect(checkClockSkew(reading.observation.effectiveDateTime!, at)).toEqual({ ok: true, skewMs: 0 });
      expect(reading.observation.subject?.reference).toBe(`Patient/${patient.pseudonym}`);
      expect(reading.seq).toBeGreaterThan(lastSeq.get(reading.deviceId) ?? 0);
      lastSeq.set(reading.deviceId, reading.seq);
    }
    expect([...lastSeq.keys()].sort()).toEqual(
      [devices.monitor, devices.oximeter, devices.thermometer].map((d) => d.deviceId).sort(),
    );
  });

  it('replays every demo stay end to end into plausible readings (sparse cadence)', () => {
    const periods = {
      heartRate: 1800,
      respiratoryRate: 1800,
      spo2: 1800,
      pulse: 1800,
      bloodPressure: 1800,
      bodyTemperature: 1800,
    };
    for (const p of patients) {
      const d = createPatientDevices(p);
      let n = 0;
      for (const { reading } of replayPatient({ patient: p, devices: d, startAt, periods })) {
        expect(checkPlausibility(reading.observation)).toEqual({ ok: true });
        n++;
      }
      expect(n).toBeGreaterThan(6 * Math.floor(p.lastMinute / 30));
    }
  });

  it('refuses a vital the device kind does not measure', () => {
    expect(() => devices.thermometer.sign('heartRate', 70, startAt)).toThrow(/thermometer/);
  });
});
