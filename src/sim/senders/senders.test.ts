import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/buildApp.ts';
import { createHttpServer, type HttpServer } from '../../api/createHttpServer.ts';
import { createMqttIngest } from '../../ingest/mqtt/createMqttIngest.ts';
import { bytesOf, createIngestHarness, type IngestHarness } from '../../ingest/testing/ingestHarness.ts';
import { createHttpSender } from './createHttpSender.ts';
import { createMqttSender } from './createMqttSender.ts';
import type { ReadingSender } from './types.ts';

// The simulator's and the benchmark's senders against the gateway's real HTTP listener and embedded
// MQTT broker: a reading object and its pre-encoded bytes arrive as the same stored reading.
describe('reading senders', () => {
  let h: IngestHarness;
  let http: HttpServer;
  let mqtt: ReturnType<typeof createMqttIngest>;

  beforeAll(async () => {
    h = await createIngestHarness();
    http = createHttpServer({
      app: buildApp({ pipeline: h.pipeline, docs: false }),
      host: '127.0.0.1',
      port: 0,
    });
    await http.start();
    mqtt = createMqttIngest({
      pipeline: h.pipeline,
      config: { mqttUrl: undefined, mqttPort: 0, gatewayId: 'gw-test' },
    });
    await mqtt.start();
  });
  afterAll(async () => {
    await mqtt?.stop();
    await http?.stop();
    await h?.close();
  });

  const cases: [string, () => Promise<ReadingSender>][] = [
    ['HTTP', async () => createHttpSender(http.url, { maxSockets: 4 })],
    ['MQTT', () => createMqttSender(`mqtt://127.0.0.1:${mqtt.port}`)],
  ];

  for (const [name, open] of cases) {
    it(`${name}: send and sendBytes store the reading before they resolve`, async () => {
      const sender = await open();
      try {
        const d = h.device();
        const first = d.sign({ kind: 'heartRate', value: 71 });
        const second = d.sign({ kind: 'heartRate', value: 73 });
        expect(await sender.send(d.orgId, first)).toEqual({ ok: true });
        expect(await sender.sendBytes(d.orgId, d.deviceId, bytesOf(second))).toEqual({ ok: true });
        const stored = await h.store.listReadings({ deviceId: d.deviceId, limit: 10 });
        expect(stored.map((r) => r.reading)).toEqual([first, second]);
      } finally {
        await sender.close();
      }
    });
  }

  it('HTTP: a refused reading comes back with its rejection code', async () => {
    const sender = createHttpSender(http.url);
    try {
      const d = h.device({ register: false });
      expect(await sender.sendBytes(d.orgId, d.deviceId, bytesOf(d.sign()))).toEqual({
        ok: false,
        code: 'VIGIL_DEVICE_UNKNOWN',
      });
    } finally {
      await sender.close();
    }
  });
});
