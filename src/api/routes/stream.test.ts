import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createAlertService } from '../../clinical/alerts/createAlertService.ts';
import { buildApp } from '../buildApp.ts';
import { createHttpServer } from '../createHttpServer.ts';

const pipeline = {
  submit: async () => ({ results: [] }),
  stats: () => ({ accepted: 0, rejected: 0, pending: 0 }),
};

describe('GET /v1/stream', () => {
  it('streams vitals, alert and alert-updated events with heartbeats, and ends cleanly on server stop', async () => {
    const alerts = createAlertService();
    const app = buildApp({ pipeline, alerts, docs: false, streamHeartbeatMs: 20 });
    const http = createHttpServer({ app, host: '127.0.0.1', port: 0 });
    await http.start();
    let text = '';
    let ended = false;
    const connected = new Promise<string>((resolve, reject) => {
      request(`${http.url}/v1/stream`, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          ended = true;
        });
        resolve(String(res.headers['content-type']));
      })
        .on('error', reject)
        .end();
    });
    expect(await connected).toContain('text/event-stream');
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
      return check();
    };
    expect(await until(() => text.includes(': connected'))).toBe(true);
    alerts.monitor.observe({
      patient: 'p1',
      deviceId: 'oxi',
      time: 0,
      values: { spo2: 97 },
      quarantined: false,
    });
    alerts.monitor.observe({
      patient: 'p1',
      deviceId: 'oxi',
      time: 60_000,
      values: { spo2: 90 },
      quarantined: false,
    });
    alerts.monitor.observe({
      patient: 'p1',
      deviceId: 'oxi',
      time: 120_000,
      values: { spo2: 90 },
      quarantined: false,
    });
    const [alert] = alerts.search({ patient: 'p1' }).alerts;
    expect(alert?.reason).toBe('news2-single-parameter');
    alerts.acknowledge(alert!.id, 'dr.a');
    expect(await until(() => text.includes('event: alert-updated') && text.includes(': heartbeat'))).toBe(
      true,
    );
    const events = text
      .split('\n\n')
      .filter((b) => b.startsWith('event: '))
      .map((b) => ({ event: b.split('\n')[0]!.slice(7), data: JSON.parse(b.split('\n')[1]!.slice(6)) }));
    expect(events.filter((e) => e.event === 'vitals').map((e) => e.data.vitals.spo2.value)).toEqual([
      97, 90, 90,
    ]);
    const raised = events.find((e) => e.event === 'alert');
    expect(raised?.data).toMatchObject({
      resourceType: 'Flag',
      id: alert!.id,
      subject: { reference: 'Patient/p1' },
    });
    expect(events.find((e) => e.event === 'alert-updated')?.data.id).toBe(alert!.id);
    await http.stop();
    expect(await until(() => ended)).toBe(true);
  });
});
