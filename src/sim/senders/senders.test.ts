import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/buildApp.ts';
import { createHttpServer, type HttpServer } from '../../api/createHttpServer.ts';
import { createMqttIngest } from '../../ingest/mqtt/createMqttIngest.ts';
import { readingsTopic } from '../../ingest/mqtt/topics.ts';
import { bytesOf, createIngestHarness, type IngestHarness } from '../../ingest/testing/ingestHarness.ts';
import { createHttpSender } from './createHttpSender.ts';
import { createMqttSender } from './createMqttSender.ts';
import { createSenderThread } from './createSenderThread.ts';
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
      devices: h.directory,
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
    ['MQTT', async () => createMqttSender(`mqtt://127.0.0.1:${mqtt.port}`)],
  ];

  for (const [name, open] of cases) {
    it(`${name}: send and sendBytes store the reading before they resolve`, async () => {
      const sender = await open();
      try {
        const d = h.device();
        sender.enroll?.([d]);
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

  // The benchmark's devices on their own thread: every reading stored before it counts, refusals by code,
  // paced publish times on the epoch clock this thread shares.
  for (const transport of ['http', 'mqtt'] as const) {
    it(`sender thread over ${transport}: saturate stores each reading once and counts refusals`, async () => {
      const url = transport === 'http' ? http.url : `mqtt://127.0.0.1:${mqtt.port}`;
      const devices = Array.from({ length: 10 }, () => h.device());
      const timed = [h.device(), h.device(), h.device()];
      // Over MQTT connection i is signed in as device i (the broker lets a device publish on its own
      // topic only); the timed devices hold connections 10-12.
      const senders = await createSenderThread({
        transport,
        url,
        connections: 3,
        ...(transport === 'mqtt'
          ? { credentials: [...devices, ...timed].map((d) => d.mqttCredentials()) }
          : {}),
      });
      try {
        // A device keeps to one connection (over several, its readings could overtake each other and
        // be refused as replays).
        const message = (d: (typeof devices)[number], i: number, connection: number) => ({
          topic: readingsTopic({ orgId: d.orgId, deviceId: d.deviceId }),
          bytes: bytesOf(d.sign({ kind: 'heartRate', value: 60 + i })),
          connection,
        });
        // Device 0 also sends a reading about a patient it is not attached to: refused by the pipeline.
        const d0 = devices[0]!;
        const refused = {
          topic: readingsTopic({ orgId: d0.orgId, deviceId: d0.deviceId }),
          bytes: bytesOf(d0.sign({ patient: 'not-their-patient' })),
          connection: 0,
        };
        const batch = [
          ...devices.flatMap((d, i) => Array.from({ length: 3 }, (_, j) => message(d, i * 3 + j, i))),
          refused,
        ];
        const before = await h.store.countReadings();
        const r = await senders.saturate(batch, { inFlight: 8, seconds: 30 });
        expect(r.sent).toBe(31);
        expect(await h.store.countReadings()).toBe(before + 30);
        if (transport === 'http') {
          expect(r).toMatchObject({ stored: 30, codes: { VIGIL_DEVICE_MISMATCH: 1 } });
        } else {
          // MQTT 3.1.1 acknowledges refusals too (the reason goes to the results topic).
          expect(r).toMatchObject({ stored: 31, codes: {} });
        }

        const t0 = Date.now();
        const paced = await senders.paced(
          timed.map((d, i) => message(d, 100 + i, 10 + i)),
          20,
        );
        expect(await h.store.countReadings()).toBe(before + 33);
        expect(paced.durableMs).toHaveLength(3);
        // Published 50 ms apart (at 20/s), on the clock this thread reads too.
        expect(paced.publishedAt[0]).toBeGreaterThanOrEqual(t0 - 1);
        expect(paced.publishedAt[2]! - paced.publishedAt[0]!).toBeGreaterThanOrEqual(95);
        for (const ms of paced.durableMs) expect(ms).toBeGreaterThan(0);
      } finally {
        await senders.close();
      }
    });
  }

  it('sender thread: a gateway it cannot reach fails its start', async () => {
    await expect(
      createSenderThread({ transport: 'mqtt', url: 'mqtt://127.0.0.1:1', connections: 1 }),
    ).rejects.toThrow();
  });
});
