import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/clinical/alerts/types.ts';
import { type DemoGateway, startDemoGateway } from '../support/demoGateway.ts';

// Issue #16 defect 3: after the demo's biased oximeter was quarantined, its last SpO2 stayed in the live
// window for up to 2 h, NEWS2 kept scoring it and its alert stayed open. A real gateway, the demo hospital
// (patient 1's oximeter reads SpO2 5 points low: 96 → 91, a NEWS2 sub-score of 3), the real trust engine.
let h: DemoGateway;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  h = await startDemoGateway({ patients: 2, rate: 2, compromisedPatient: 1 });
}, 120_000);

afterAll(async () => {
  await h?.close();
}, 60_000);

describe('a quarantined device stops driving the score', () => {
  it('drops its SpO2 from NEWS2 at once, resolves the alerts that rested on it with the reason, and restores them on reinstatement', async () => {
    const { gateway, demo } = h;
    const patient = demo.fleet[1]!.pseudonym;
    const oximeter = demo.compromisedDevice;
    const live = () => {
      try {
        return gateway.alerts.live(patient);
      } catch {
        return undefined;
      }
    };
    // Before the quarantine the oximeter's (biased) SpO2 is scored and raised an alert.
    await until(
      'an alert resting on the oximeter',
      () =>
        gateway.alerts
          .search({ patient, count: 100 })
          .alerts.find((a) => a.devices.some((d) => d.deviceId === oximeter)),
      60_000,
    );
    expect(gateway.trust.isQuarantined(oximeter)).toBe(false);

    await until('the quarantine', () => gateway.trust.isQuarantined(oximeter), 120_000);
    const quarantinedAt = Date.now();
    // Within one update: no SpO2 sub-score, SpO2 reported missing with the reason.
    const after = await until(
      'NEWS2 without the oximeter',
      () => {
        const s = live();
        return s && s.news2.scores.spo2 === undefined ? s : undefined;
      },
      1000,
    );
    expect(after.news2.missing).toContain('spo2');
    expect(after.news2.devices.map((d) => d.deviceId)).not.toContain(oximeter);
    expect(after.excluded).toEqual(
      expect.arrayContaining([expect.objectContaining({ vital: 'spo2', deviceId: oximeter })]),
    );
    // Every alert that rested on the oximeter is resolved, with the quarantine as the reason.
    const rested = (a: Alert) =>
      a.devices.some((d) => d.deviceId === oximeter && a.createdAt <= quarantinedAt);
    const resting = gateway.alerts.search({ patient, count: 100 }).alerts.filter(rested);
    expect(resting.length).toBeGreaterThan(0);
    for (const a of resting) {
      expect(a.status).toBe('resolved');
      expect(a.resolution).toMatch(new RegExp(`${oximeter}.*quarantined`));
    }
    // No open alert names the quarantined device as a source any more.
    for (const a of gateway.alerts.search({ patient, count: 100 }).alerts) {
      if (a.status !== 'resolved') expect(a.devices.map((d) => d.deviceId)).not.toContain(oximeter);
    }

    await gateway.trust.reinstate(oximeter, 'sensor replaced by biomedical engineering');
    const restored = await until(
      'NEWS2 with the oximeter again',
      () => {
        const s = live();
        return s && s.news2.scores.spo2 !== undefined ? s : undefined;
      },
      1000,
    );
    expect(restored.news2.devices.map((d) => d.deviceId)).toContain(oximeter);
    expect(restored.excluded ?? []).toEqual([]);
  }, 240_000);
});
