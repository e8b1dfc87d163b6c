import { describe, expect, it } from 'vitest';
import { createAlertEngine } from './createAlertEngine.ts';
import type { AlertCondition, AlertEvent } from './types.ts';

const cond = (over: Partial<AlertCondition> = {}): AlertCondition => ({
  patient: 'p1',
  family: 'news2',
  reason: 'news2-medium',
  priority: 'medium',
  text: 'NEWS2 5',
  values: { news2: 5 },
  devices: [{ deviceId: 'd1', quarantined: false }],
  artefact: false,
  ...over,
});

function setup(renotifyMs = 1000) {
  const events: AlertEvent[] = [];
  let n = 0;
  const engine = createAlertEngine({
    renotifyMs,
    updateIntervalMs: 0,
    onEvent: (e) => events.push(e),
    newId: () => `a${++n}`,
  });
  return { engine, events };
}

describe('createAlertEngine', () => {
  it('updates the open alert of the same patient and family instead of raising a new one', () => {
    const { engine, events } = setup();
    const a = engine.observe(cond(), 0);
    const b = engine.observe(cond({ values: { news2: 6 } }), 10);
    expect(b.id).toBe(a.id);
    expect(engine.list().total).toBe(1);
    expect(b.values.news2).toBe(6);
    expect(events.map((e) => e.type)).toEqual(['alert', 'alert-updated']);
    engine.observe(cond({ patient: 'p2' }), 20);
    expect(engine.list().total).toBe(2);
  });

  it('escalates medium to high and re-opens an acknowledged alert', () => {
    const { engine, events } = setup();
    const a = engine.observe(cond(), 0);
    engine.acknowledge(a.id, 'dr.who', 5);
    expect(engine.get(a.id)?.status).toBe('acknowledged');
    const b = engine.observe(cond({ reason: 'news2-high', priority: 'high', text: 'NEWS2 8' }), 10);
    expect(b.id).toBe(a.id);
    expect(b.priority).toBe('high');
    expect(b.status).toBe('active');
    expect(b.escalatedAt).toBe(10);
    expect(events.at(-1)).toMatchObject({ type: 'alert-updated', change: 'escalated' });
    // Improving back to medium does not lower the priority of the open alert.
    expect(engine.observe(cond(), 20).priority).toBe('high');
  });

  it('re-notifies an unacknowledged alert after the configured time, not an acknowledged one', () => {
    const { engine, events } = setup(1000);
    const a = engine.observe(cond(), 0);
    const other = engine.observe(cond({ patient: 'p2' }), 0);
    engine.acknowledge(other.id, 'nurse', 1);
    engine.tick(999);
    expect(events.filter((e) => e.type === 'alert-updated' && e.change === 'renotified')).toHaveLength(0);
    engine.tick(1000);
    const renotified = events.filter((e) => e.type === 'alert-updated' && e.change === 'renotified');
    expect(renotified.map((e) => e.alert.id)).toEqual([a.id]);
    expect(engine.get(a.id)?.notifications).toBe(2);
  });

  it('records who acknowledged and when, and refuses to acknowledge a resolved alert', () => {
    const { engine } = setup();
    const a = engine.observe(cond(), 0);
    const acked = engine.acknowledge(a.id, 'dr.x', 42);
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'dr.x', acknowledgedAt: 42 });
    engine.clear('p1', 'news2', 50);
    expect(engine.get(a.id)).toMatchObject({ status: 'resolved', resolvedAt: 50 });
    expect(() => engine.acknowledge(a.id, 'dr.x', 60)).toThrow(
      expect.objectContaining({ code: 'VIGIL_ALERT_STATE_CONFLICT' }),
    );
    expect(() => engine.acknowledge('nope', 'dr.x', 60)).toThrow(
      expect.objectContaining({ code: 'VIGIL_ALERT_NOT_FOUND' }),
    );
  });

  it('opens a new alert after the previous one resolved, and expires event-like alerts', () => {
    const { engine } = setup(1e9);
    const a = engine.observe(
      cond({
        family: 'sensor-artefact:d1',
        reason: 'sensor-artefact',
        priority: 'low',
        artefact: true,
        expiresAfterMs: 100,
      }),
      0,
    );
    engine.tick(99);
    expect(engine.get(a.id)?.status).toBe('active');
    engine.tick(100);
    expect(engine.get(a.id)?.status).toBe('resolved');
    const b = engine.observe(
      cond({ family: 'sensor-artefact:d1', reason: 'sensor-artefact', priority: 'low', artefact: true }),
      200,
    );
    expect(b.id).not.toBe(a.id);
    expect(engine.list({ status: 'resolved' }).alerts.map((x) => x.id)).toEqual([a.id]);
  });
});

describe('createAlertEngine: alarm management', () => {
  it('lets the text follow the current values at once, and records where an escalation came from', () => {
    const { engine, events } = setup();
    const a = engine.observe(cond(), 0);
    engine.observe(cond({ text: 'NEWS2 6', values: { news2: 6 } }), 1);
    expect(engine.get(a.id)?.text).toBe('NEWS2 6');
    expect(events.at(-1)).toMatchObject({ type: 'alert-updated', change: 'updated' });
    engine.observe(cond({ priority: 'high', reason: 'news2-high', text: 'NEWS2 7' }), 2);
    expect(engine.get(a.id)).toMatchObject({ priority: 'high', escalatedAt: 2, escalatedFrom: 'medium' });
  });

  it('silences re-notification until the silence ends, and an escalation ends the silence', () => {
    const { engine, events } = setup(1000);
    const a = engine.observe(cond(), 0);
    engine.silence(a.id, { until: 5000, by: 'dr.grey', reason: 'patient known, review booked' }, 10);
    expect(engine.get(a.id)).toMatchObject({ silencedUntil: 5000, silencedBy: 'dr.grey' });
    engine.tick(3000);
    expect(events.filter((e) => e.type === 'alert-updated' && e.change === 'renotified')).toHaveLength(0);
    engine.tick(6000);
    expect(events.filter((e) => e.type === 'alert-updated' && e.change === 'renotified')).toHaveLength(1);
    engine.silence(a.id, { until: 60_000, by: 'dr.grey', reason: 'again' }, 6001);
    engine.observe(cond({ priority: 'high', reason: 'news2-high' }), 6002);
    expect(engine.get(a.id)?.silencedUntil).toBeUndefined();
  });

  it('resolves with a reason: the condition cleared, or a device it rested on was quarantined', () => {
    const { engine } = setup();
    const a = engine.observe(cond(), 0);
    const b = engine.observe(cond({ family: 'risk', devices: [{ deviceId: 'd2', quarantined: false }] }), 0);
    expect(engine.resolveResting('p1', 'd2', 5, 'device d2 quarantined').map((x) => x.id)).toEqual([b.id]);
    expect(engine.get(b.id)).toMatchObject({ status: 'resolved', resolution: 'device d2 quarantined' });
    expect(engine.get(a.id)?.status).toBe('active');
    engine.clear('p1', 'news2', 6, 'NEWS2 back to 2 (low)');
    expect(engine.get(a.id)).toMatchObject({
      status: 'resolved',
      resolvedAt: 6,
      resolution: 'NEWS2 back to 2 (low)',
    });
  });

  it('refuses to silence an unknown or resolved alert', () => {
    const { engine } = setup();
    expect(() => engine.silence('nope', { until: 1, by: 'x', reason: 'y' }, 0)).toThrow(/nope/);
    const a = engine.observe(cond(), 0);
    engine.clear('p1', 'news2', 1);
    expect(() => engine.silence(a.id, { until: 9, by: 'x', reason: 'y' }, 2)).toThrow(/already resolved/);
  });
});
