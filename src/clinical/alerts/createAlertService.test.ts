import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.ts';
import { createAlertService } from './createAlertService.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function lowSpo2(service: ReturnType<typeof createAlertService>, patient: string) {
  for (let m = 0; m < 3; m++) {
    service.monitor.observe({
      patient,
      deviceId: 'oxi',
      time: m * 60_000,
      values: { spo2: m === 0 ? 97 : 90 },
      quarantined: false,
    });
  }
}

describe('createAlertService', () => {
  it('keeps alerts, acknowledgements and their values across a restart (values sealed with the patient key)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-alerts-'));
    dirs.push(dataDir);
    let store = await openStore({ dataDir });
    const first = createAlertService({ store, now: () => 5_000 });
    await first.start();
    lowSpo2(first, 'p1');
    lowSpo2(first, 'p2');
    const a1 = first.search({ patient: 'p1' }).alerts[0]!;
    first.acknowledge(a1.id, 'dr.b');
    await first.stop();
    await store.close();

    store = await openStore({ dataDir });
    const second = createAlertService({ store });
    await second.start();
    expect(second.search({}).total).toBe(2);
    expect(second.engine.get(a1.id)).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'dr.b',
      acknowledgedAt: 5_000,
      values: { spo2: 90 },
    });
    // Dedup still works after the restart: the same condition updates the restored alert.
    for (let m = 3; m < 6; m++) {
      second.monitor.observe({
        patient: 'p1',
        deviceId: 'oxi',
        time: m * 60_000,
        values: { spo2: 90 },
        quarantined: false,
      });
    }
    expect(second.search({ patient: 'p1' }).total).toBe(1);
    // Crypto-shredding a patient leaves no readable alert body behind.
    await store.erasePatient('p2');
    const rows = await store.listAlertRows({ patient: 'p2', limit: 10 });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.body).toBeNull();
    await second.stop();
    await store.close();
  });

  it('feeds accepted readings through onAccepted, marking readings of quarantined devices', () => {
    const service = createAlertService({
      deviceInfo: (id) => ({ kind: 'oximeter', quarantined: id === 'bad' }),
    });
    const reading = (deviceId: string, minute: number, spo2: number) => ({
      id: `${deviceId}-${minute}`,
      pos: minute,
      patient: 'p',
      quarantined: false,
      receivedAt: minute * 60_000,
      transport: 'http' as const,
      reading: {
        v: 1 as const,
        deviceId,
        seq: minute,
        sig: '',
        observation: {
          resourceType: 'Observation' as const,
          status: 'final' as const,
          code: { coding: [{ system: 'http://loinc.org', code: '59408-5' }] },
          effectiveDateTime: new Date(minute * 60_000).toISOString(),
          valueQuantity: { value: spo2 },
        },
      },
    });
    service.onAccepted([reading('bad', 0, 85), reading('bad', 1, 85), reading('bad', 2, 85)]);
    expect(service.search({}).total).toBe(0);
    expect(service.live('p').vitals.spo2).toMatchObject({ value: 85, quarantined: true, deviceId: 'bad' });
    service.onAccepted([reading('good', 3, 85), reading('good', 4, 85)]);
    const [alert] = service.search({}).alerts;
    expect(alert).toMatchObject({
      reason: 'news2-single-parameter',
      devices: [{ deviceId: 'good', quarantined: false }],
    });
  });
});
