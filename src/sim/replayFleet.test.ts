import { describe, expect, it } from 'vitest';
import { loadDemoPatients } from './loadDemoPatients.ts';
import { replayFleet } from './replayFleet.ts';
import { createPatientDevices, replayPatient } from './replayPatient.ts';

const patients = (await loadDemoPatients()).slice(0, 5);

describe('replayFleet', () => {
  it('merges every patient replay into one stream ordered by time, losing nothing', () => {
    const startAt = Date.parse('2026-03-01T00:00:00Z');
    const fleet = patients.map((patient) => ({ patient, devices: createPatientDevices(patient) }));
    const events = [...replayFleet({ patients: fleet, startAt, speed: 600, toMinute: 90 })];
    for (let i = 1; i < events.length; i++) expect(events[i]!.at).toBeGreaterThanOrEqual(events[i - 1]!.at);
    // Same count as replaying each patient alone (with fresh devices, the readings themselves differ).
    const alone = patients
      .map(
        (patient) =>
          [
            ...replayPatient({
              patient,
              devices: createPatientDevices(patient),
              startAt,
              speed: 600,
              toMinute: 90,
            }),
          ].length,
      )
      .reduce((a, b) => a + b, 0);
    expect(events.length).toBe(alone);
    const perDevice = new Map<string, number[]>();
    for (const { reading } of events)
      perDevice.set(reading.deviceId, [...(perDevice.get(reading.deviceId) ?? []), reading.seq]);
    expect(perDevice.size).toBe(15);
    for (const seqs of perDevice.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('yields nothing for an empty fleet', () => {
    expect([...replayFleet({ patients: [] })]).toEqual([]);
  });
});
