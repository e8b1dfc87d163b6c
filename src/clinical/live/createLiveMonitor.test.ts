import { describe, expect, it } from 'vitest';
import { createAlertEngine } from '../alerts/createAlertEngine.ts';
import { createLiveMonitor, type DeviceInfo } from './createLiveMonitor.ts';
import type { LiveVital } from './observationVitals.ts';

const MIN = 60_000;

function setup(quarantined = new Set<string>()) {
  const engine = createAlertEngine({ renotifyMs: 1e9 });
  const monitor = createLiveMonitor({
    alerts: engine,
    deviceInfo: (id): DeviceInfo => ({ quarantined: quarantined.has(id), trust: 0.9 }),
  });
  const feed = (minute: number, deviceId: string, values: Partial<Record<LiveVital, number>>, q = false) =>
    monitor.observe({
      patient: 'p',
      deviceId,
      time: minute * MIN,
      values,
      quarantined: q || quarantined.has(deviceId),
    });
  const normal = (minute: number, over: Partial<Record<LiveVital, number>> = {}) => {
    feed(minute, 'mon', {
      heartRate: 75 + (minute % 3),
      respiratoryRate: 16 + (minute % 2),
      systolic: 125 + (minute % 4),
      diastolic: 74 + (minute % 3),
      temperature: 36.8 + (minute % 3) / 10,
      ...over,
    });
  };
  const spo2 = (minute: number, value: number, q = false) => feed(minute, 'oxi', { spo2: value }, q);
  return { engine, monitor, normal, spo2, feed };
}

describe('createLiveMonitor', () => {
  it('labels a loose probe (one SpO2 70) as a sensor artefact, not a NEWS2 alert', () => {
    const { engine, normal, spo2 } = setup();
    for (let m = 0; m < 20; m++) {
      normal(m);
      spo2(m, 97 + (m % 2));
    }
    spo2(20, 70);
    normal(21);
    spo2(21, 97);
    const alerts = engine.list().alerts;
    expect(alerts.map((a) => a.reason)).toEqual(['sensor-artefact']);
    expect(alerts[0]).toMatchObject({
      artefact: true,
      priority: 'low',
      devices: [{ deviceId: 'oxi', quarantined: false, trust: 0.9 }],
    });
  });

  it('raises NEWS2 medium, escalates it to high on the same alert, and resolves it when vitals recover', () => {
    const { engine, monitor, normal, spo2 } = setup();
    for (let m = 0; m < 10; m++) {
      normal(m);
      spo2(m, 97);
    }
    // RR 22 (2) + HR 115 (2) + SpO2 94 (1) = 5: medium
    for (let m = 10; m < 13; m++) {
      normal(m, { respiratoryRate: 22, heartRate: 115 });
      spo2(m, 94);
    }
    const [medium] = engine.list().alerts.filter((a) => a.family === 'news2');
    expect(medium).toMatchObject({ reason: 'news2-medium', priority: 'medium', status: 'active' });
    expect(monitor.get('p')?.news2.assumptions.join(' ')).toContain('assumed Alert');
    // + SBP 95 (2) = 7: high
    for (let m = 13; m < 16; m++) {
      normal(m, { respiratoryRate: 22, heartRate: 115, systolic: 95 });
      spo2(m, 94);
    }
    const news2 = engine.list().alerts.filter((a) => a.family === 'news2');
    expect(news2).toHaveLength(1);
    expect(news2[0]).toMatchObject({ id: medium!.id, reason: 'news2-high', priority: 'high' });
    for (let m = 16; m < 19; m++) {
      normal(m);
      spo2(m, 97);
    }
    expect(engine.get(medium!.id)?.status).toBe('resolved');
  });

  it('scores each NEWS2 parameter on the less abnormal of its last two close readings', () => {
    const { monitor, normal, spo2 } = setup();
    for (let m = 0; m < 10; m++) {
      normal(m);
      spo2(m, 97);
    }
    normal(10, { respiratoryRate: 22 });
    // One reading of 22/min (score 2) beside 16-17 a minute earlier (score 0): not yet scored.
    expect(monitor.get('p')?.news2.scores.respirationRate).toBe(0);
    normal(11, { respiratoryRate: 23 });
    expect(monitor.get('p')?.news2.scores.respirationRate).toBe(2);
    normal(12, { respiratoryRate: 26 });
    // 26/min scores 3, but the reading before it (23/min) only 2.
    expect(monitor.get('p')?.news2.scores.respirationRate).toBe(2);
    expect(monitor.get('p')?.news2.total).toBe(2);
  });

  it('never raises an alert on readings from a quarantined device, but shows them marked', () => {
    const { engine, monitor, normal, spo2 } = setup(new Set(['oxi']));
    for (let m = 0; m < 10; m++) {
      normal(m);
      spo2(m, 80);
    }
    expect(engine.list().total).toBe(0);
    expect(monitor.get('p')?.vitals.spo2).toMatchObject({ value: 80, deviceId: 'oxi', quarantined: true });
    expect(monitor.get('p')?.news2.missing).toContain('spo2');
  });

  it('raises a clinical anomaly for a sustained coherent deterioration', () => {
    const { engine, normal, spo2 } = setup();
    for (let m = 0; m < 15; m++) {
      normal(m);
      spo2(m, 97 + (m % 2));
    }
    for (let m = 15; m < 22; m++) {
      normal(m, { heartRate: 120 + (m % 2), systolic: 90 + (m % 2), respiratoryRate: 26 });
      spo2(m, 91);
    }
    const reasons = new Set(engine.list().alerts.map((a) => a.reason));
    expect(reasons.has('clinical-anomaly')).toBe(true);
    expect(reasons.has('news2-high')).toBe(true);
    expect(engine.list().alerts.every((a) => !a.artefact || a.reason === 'sensor-artefact')).toBe(true);
  });

  it('sweeps open alerts at most once per second of reading time, however many readings arrive', () => {
    const engine = createAlertEngine({ renotifyMs: 1e9 });
    let sweeps = 0;
    const counted = {
      ...engine,
      tick(now: number) {
        sweeps++;
        engine.tick(now);
      },
    };
    const monitor = createLiveMonitor({ alerts: counted });
    // 500 patients, one reading each per 100 ms of reading time, for 3 s.
    for (let t = 0; t < 3000; t += 100) {
      for (let i = 0; i < 500; i++) {
        monitor.observe({
          patient: `p${i}`,
          deviceId: `d${i}`,
          time: t,
          values: { heartRate: 70 },
          quarantined: false,
        });
      }
    }
    expect(sweeps).toBe(3);
    // A clock that goes backwards (replayed data) sweeps at once.
    monitor.observe({
      patient: 'p0',
      deviceId: 'd0',
      time: 0,
      values: { heartRate: 70 },
      quarantined: false,
    });
    expect(sweeps).toBe(4);
  });
});

describe('createLiveMonitor: scores from trusted readings only', () => {
  function ward() {
    const engine = createAlertEngine({ renotifyMs: 1e9 });
    const states: string[] = [];
    const monitor = createLiveMonitor({
      alerts: engine,
      deviceInfo: (): DeviceInfo => ({ quarantined: false, trust: 0.9 }),
      onVitals: (s) => states.push(s.patient),
    });
    let pos = 0;
    const feed = (minute: number, deviceId: string, values: Partial<Record<LiveVital, number>>) =>
      monitor.observe({ patient: 'p', deviceId, time: minute * MIN, values, quarantined: false, pos: ++pos });
    for (let m = 0; m < 6; m++) {
      feed(m, 'mon', { heartRate: 80, respiratoryRate: 16, systolic: 125, temperature: 37 });
      feed(m, 'oxi', { spo2: 90, pulseRate: 105 });
    }
    return { engine, monitor, feed, states, pos: () => pos };
  }

  it('takes a quarantined device out of NEWS2 at once, resolves the alert that rested on it, and restores it on reinstatement', () => {
    const { engine, monitor, states } = ward();
    const before = monitor.get('p')!;
    expect(before.news2.scores.spo2).toBe(3);
    expect(before.news2.band).toBe('low-medium');
    const alert = engine.open('p').find((a) => a.family === 'news2')!;
    expect(alert.text).toContain('SpO2 scoring 3');
    const updates = states.length;

    monitor.onTrustChange(
      { type: 'quarantine', deviceId: 'oxi', reason: 'disagreement', sincePos: 0 },
      7 * MIN,
    );
    const after = monitor.get('p')!;
    expect(states.length).toBe(updates + 1);
    expect(after.news2.scores.spo2).toBeUndefined();
    expect(after.news2.missing).toContain('spo2');
    expect(after.news2.band).toBe('low');
    expect(after.excluded).toEqual([
      { vital: 'pulseRate', deviceId: 'oxi', time: 5 * MIN, reason: 'device oxi quarantined: disagreement' },
      { vital: 'spo2', deviceId: 'oxi', time: 5 * MIN, reason: 'device oxi quarantined: disagreement' },
    ]);
    expect(after.vitals.spo2?.quarantined).toBe(true);
    expect(engine.get(alert.id)).toMatchObject({
      status: 'resolved',
      resolution: 'device oxi quarantined; its readings no longer count (disagreement)',
    });
    expect(engine.open('p')).toEqual([]);

    monitor.onTrustChange({ type: 'reinstate', deviceId: 'oxi', reason: 'sensor replaced' }, 8 * MIN);
    const restored = monitor.get('p')!;
    expect(restored.news2.scores.spo2).toBe(3);
    expect(restored.excluded).toEqual([]);
    expect(engine.open('p').map((a) => a.family)).toEqual(['news2']);
  });

  it('scores no reading of a quarantined device now, not even one from before its evidence turned', () => {
    const { monitor, feed, pos } = ward();
    const turnedAt = pos();
    feed(6, 'oxi', { spo2: 97, pulseRate: 80 });
    feed(7, 'oxi', { spo2: 97, pulseRate: 80 });
    monitor.onTrustChange(
      { type: 'quarantine', deviceId: 'oxi', reason: 'drift', sincePos: turnedAt },
      8 * MIN,
    );
    const s = monitor.get('p')!;
    expect(s.news2.inputs.spo2).toBeUndefined();
    expect(s.excluded.map((x) => x.vital)).toEqual(['pulseRate', 'spo2']);
  });

  it('uses the heart rate of the monitor when the oximeter pulse is quarantined', () => {
    const { monitor } = ward();
    monitor.onTrustChange({ type: 'quarantine', deviceId: 'oxi', reason: 'disagreement' }, 7 * MIN);
    expect(monitor.get('p')!.news2.inputs.pulse).toEqual({ value: 80, time: 5 * MIN, deviceId: 'mon' });
  });
});

describe('createLiveMonitor: clinician entries in NEWS2', () => {
  const entry = <T extends object>(value: T, at: number) => ({
    ...value,
    id: `e${at}`,
    patient: 'p',
    enteredBy: 'dr.grey',
    enteredAt: at,
  });

  it('scores ACVPU and supplemental oxygen as entered, says who entered them, and switches SpO2 to scale 2', () => {
    const engine = createAlertEngine({ renotifyMs: 1e9 });
    const monitor = createLiveMonitor({ alerts: engine, entryValidMs: 60 * MIN });
    for (let m = 0; m < 3; m++) {
      monitor.observe({
        patient: 'p',
        deviceId: 'mon',
        time: m * MIN,
        values: { heartRate: 80, respiratoryRate: 16, systolic: 125, temperature: 37, spo2: 97 },
        quarantined: false,
      });
    }
    expect(monitor.get('p')!.news2).toMatchObject({ total: 0, band: 'low', scale: 1 });
    expect(monitor.get('p')!.news2.assumptions[0]).toBe('consciousness not recorded: assumed Alert');

    monitor.setEntry(entry({ kind: 'consciousness' as const, acvpu: 'V' as const }, 3 * MIN), 3 * MIN);
    expect(monitor.get('p')!.news2).toMatchObject({ total: 3, band: 'low-medium' });
    expect(monitor.get('p')!.news2.assumptions[0]).toBe(
      `consciousness V recorded by dr.grey at ${new Date(3 * MIN).toISOString()}`,
    );
    expect(engine.open('p').map((a) => a.reason)).toEqual(['news2-single-parameter']);

    monitor.setEntry(entry({ kind: 'oxygen' as const, onOxygen: true, flowLpm: 2 }, 4 * MIN), 4 * MIN);
    monitor.setEntry(entry({ kind: 'spo2-scale' as const, scale: 2 as const }, 4 * MIN), 4 * MIN);
    const n = monitor.get('p')!.news2;
    // Scale 2 on oxygen: SpO2 97 scores 3; oxygen 2; consciousness V 3.
    expect(n.scores).toMatchObject({ spo2: 3, airOrOxygen: 2, consciousness: 3 });
    expect(n).toMatchObject({ total: 8, band: 'high', scale: 2 });
    expect(n.assumptions[1]).toContain('on supplemental oxygen 2 L/min recorded by dr.grey');
    expect(engine.open('p').map((a) => a.priority)).toEqual(['high']);
  });

  it('stops using an entry once it is older than its validity, and says so', () => {
    const monitor = createLiveMonitor({ alerts: createAlertEngine(), entryValidMs: 60 * MIN });
    monitor.setEntry(entry({ kind: 'consciousness' as const, acvpu: 'P' as const }, 0), 0);
    monitor.observe({
      patient: 'p',
      deviceId: 'mon',
      time: 90 * MIN,
      values: { heartRate: 80 },
      quarantined: false,
    });
    const n = monitor.get('p')!.news2;
    expect(n.scores.consciousness).toBe(0);
    expect(n.assumptions[0]).toContain('assumed Alert (the last entry');
  });
});
