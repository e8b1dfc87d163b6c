import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, type IngestHarness } from '../../testing/ingestHarness.ts';
import { REJECTION_SCENARIOS } from '../../testing/rejectionScenarios.ts';
import { connectDevice, rejectionCodeOf, type TestDeviceClient } from './deviceClient.ts';

/** A running MQTT ingest for the shared suite. */
export type MqttSuiteContext = {
  harness: IngestHarness;
  url: string;
  protocolVersion: 4 | 5;
  /** Unique per run, so runs sharing a broker never see each other's messages. */
  orgId: string;
  /** Embedded broker: PUBACK is sent only once the message is durable. External: the broker acks on receipt. */
  pubackMeansDurable: boolean;
  /**
   * The broker itself authenticates devices against the registry (embedded): unknown and revoked devices
   * are refused at CONNECT, before any message. An external test broker lets anyone in, so there the
   * pipeline refuses their readings.
   */
  authenticatesDevices: boolean;
  teardown(): Promise<void>;
};

/**
 * The MQTT transport suite: every rejection reason with its recorded row, durability, batches and
 * revocation, and hostile input. Runs against the embedded broker and against Mosquitto.
 */
export function describeMqttTransport(name: string, setup: () => Promise<MqttSuiteContext>): void {
  describe(`MQTT ingest (${name})`, () => {
    let ctx: MqttSuiteContext;
    let h: IngestHarness;
    const clients: TestDeviceClient[] = [];
    const run = randomBytes(3).toString('hex');

    beforeAll(async () => {
      ctx = await setup();
      h = ctx.harness;
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.close()));
      await ctx?.teardown();
    });

    const open = async (deviceId: string, credentials?: { username: string; password: string }) => {
      const clientId = `t-${run}-${deviceId}`;
      const c = await connectDevice({
        url: ctx.url,
        protocolVersion: ctx.protocolVersion,
        orgId: ctx.orgId,
        deviceId,
        clientId,
        credentials: credentials ?? h.credentialsOf(deviceId, clientId),
      });
      clients.push(c);
      return c;
    };

    it('stores an accepted reading and answers with its id on the results topic', async () => {
      const d = h.device({ orgId: ctx.orgId });
      const c = await open(d.deviceId);
      const reading = d.sign({ kind: 'bodyTemperature', value: 37.2 });
      const before = await h.store.countReadings();
      await c.publish(bytesOf(reading));
      if (ctx.pubackMeansDurable) expect(await h.store.countReadings()).toBe(before + 1);
      const result = await c.nextResult();
      expect(result).toEqual({
        results: [
          {
            status: 'accepted',
            index: 0,
            deviceId: d.deviceId,
            seq: 1,
            id: expect.any(String),
            quarantined: false,
          },
        ],
      });
      const id = 'results' in result && result.results[0]?.status === 'accepted' ? result.results[0].id : '';
      const stored = await h.store.getReading(id);
      expect(stored?.reading).toEqual(reading);
      expect(stored?.transport).toBe('mqtt');
    });

    for (const s of REJECTION_SCENARIOS) {
      const atConnect = s.code === 'VIGIL_DEVICE_UNKNOWN' || s.code === 'VIGIL_DEVICE_REVOKED';
      it(`rejects ${s.name} with ${s.code} and records it (or refuses its connection)`, async () => {
        const { deviceId, messages } = s.build(h, ctx.orgId);
        if (atConnect && ctx.authenticatesDevices) {
          const before = await h.lastRejectionId();
          await expect(open(deviceId)).rejects.toThrow(/Bad username or password|Not authorized/);
          expect(await h.lastRejectionId()).toBe(before);
          return;
        }
        const c = await open(deviceId);
        for (const m of messages.slice(0, -1)) {
          expect(await c.send(m)).toMatchObject({ results: [{ status: 'accepted' }] });
        }
        const before = await h.lastRejectionId();
        const result = await c.send(messages.at(-1)!);
        expect(rejectionCodeOf(result)).toBe(s.code);
        if ('rejection' in result) expect(result.rejection.mqttReasonCode).toBeGreaterThanOrEqual(0x80);
        const rows = await h.rejectionsAfter(before);
        expect(rows).toHaveLength(1);
        // MQTT names the device in the topic, so even message-level rejections are attributed.
        expect(rows[0]).toMatchObject({ code: s.code, transport: 'mqtt', deviceId });
      });
    }

    it('rejects a reading published on another device’s topic with VIGIL_DEVICE_MISMATCH', async () => {
      const a = h.device({ orgId: ctx.orgId });
      const b = h.device({ orgId: ctx.orgId });
      const c = await open(b.deviceId);
      const before = await h.lastRejectionId();
      await c.publish(bytesOf(a.sign()), b.deviceId);
      expect(rejectionCodeOf(await c.nextResult())).toBe('VIGIL_DEVICE_MISMATCH');
      expect((await h.rejectionsAfter(before)).map((r) => [r.code, r.deviceId])).toEqual([
        ['VIGIL_DEVICE_MISMATCH', a.deviceId],
      ]);
    });

    it('stores the good readings of a batch and names the bad one', async () => {
      const d = h.device({ orgId: ctx.orgId });
      const c = await open(d.deviceId);
      const readings = [d.sign({ value: 60 }), d.sign({ value: 400 }), d.sign({ value: 61 })];
      const result = await c.send(bytesOf({ readings }));
      if (!('results' in result)) throw new Error('expected per-reading results');
      expect(result.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
      expect(result.results[1]).toMatchObject({ code: 'VIGIL_READING_IMPLAUSIBLE', seq: 2 });
      for (const r of result.results) {
        if (r.status === 'accepted') expect((await h.store.getReading(r.id))?.reading?.seq).toBe(r.seq);
      }
    });

    it('accepts a device before revocation and rejects it after', async () => {
      const d = h.device({ orgId: ctx.orgId });
      const c = await open(d.deviceId);
      expect(rejectionCodeOf(await c.send(bytesOf(d.sign())))).toBeUndefined();
      h.directory.revoke(d.deviceId);
      expect(rejectionCodeOf(await c.send(bytesOf(d.sign())))).toBe('VIGIL_DEVICE_REVOKED');
    });

    it('survives malformed topics and garbage, then keeps serving', async () => {
      const r = h.device({ orgId: ctx.orgId });
      const rogue = await mqtt.connectAsync(ctx.url, {
        protocolVersion: ctx.protocolVersion,
        reconnectPeriod: 0,
        ...h.credentialsOf(r.deviceId, `t-${run}-rogue`),
      });
      rogue.on('error', () => undefined);
      for (const topic of [
        `vigil/v1/${ctx.orgId}/readings`,
        `vigil/v1/${ctx.orgId}/x/y/readings`,
        `vigil/v1/${ctx.orgId}/dev-x/results`,
        'other/topic',
      ]) {
        rogue.publish(topic, randomBytes(64), { qos: 0 });
      }
      await rogue.endAsync(true).catch(() => undefined);
      const d = h.device({ orgId: ctx.orgId });
      const c = await open(d.deviceId);
      expect(rejectionCodeOf(await c.send(Buffer.from([0, 1, 2, 0xff])))).toBe('VIGIL_MESSAGE_MALFORMED');
      expect(rejectionCodeOf(await c.send(bytesOf(d.sign())))).toBeUndefined();
    });
  });
}
