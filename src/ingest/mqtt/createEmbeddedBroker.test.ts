import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { bytesOf, createIngestHarness } from '../testing/ingestHarness.ts';
import { createEmbeddedBroker } from './createEmbeddedBroker.ts';
import { describeMqttTransport } from './testing/describeMqttTransport.ts';
import { connectDevice, rejectionCodeOf } from './testing/deviceClient.ts';
import { startEmbeddedTransport } from './testing/startEmbeddedTransport.ts';
import { readingsTopic } from './topics.ts';

describeMqttTransport('embedded aedes broker', async () =>
  startEmbeddedTransport(await createIngestHarness()),
);

describe('embedded broker port', () => {
  it('fails with VIGIL_MQTT_PORT_IN_USE naming the port when it is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const broker = createEmbeddedBroker({
        pipeline: { submit: async () => ({ results: [] }) },
        devices: { get: () => undefined },
        host: '127.0.0.1',
        port,
      });
      const error = await broker.start().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'VIGIL_MQTT_PORT_IN_USE', details: { port } });
      expect(String((error as Error).message)).toContain(String(port));
      await broker.stop();
    } finally {
      blocker.close();
    }
  });
});

describe('embedded broker packet limit', () => {
  it('disconnects a client sending a packet over 1 MiB, records nothing, and keeps serving', async () => {
    const h = await createIngestHarness();
    const broker = createEmbeddedBroker({
      pipeline: h.pipeline,
      devices: h.directory,
      host: '127.0.0.1',
      port: 0,
    });
    await broker.start();
    const url = `mqtt://127.0.0.1:${broker.port}`;
    try {
      const d = h.device();
      const hog = await mqtt.connectAsync(url, {
        protocolVersion: 4,
        reconnectPeriod: 0,
        ...d.mqttCredentials('hog'),
      });
      hog.on('error', () => undefined);
      const closed = new Promise<void>((resolve) => hog.once('close', () => resolve()));
      hog.publish(
        readingsTopic({ orgId: d.orgId, deviceId: d.deviceId }),
        Buffer.alloc(2 * 1024 * 1024, 0x20),
        {
          qos: 1,
        },
      );
      await closed;
      hog.end(true);
      expect(await h.lastRejectionId()).toBe(0);
      const c = await connectDevice({
        url,
        protocolVersion: 4,
        orgId: d.orgId,
        deviceId: d.deviceId,
        clientId: 'ok',
        credentials: d.mqttCredentials('ok'),
      });
      expect(rejectionCodeOf(await c.send(bytesOf(d.sign())))).toBeUndefined();
      await c.close();
    } finally {
      await broker.stop();
      await h.close();
    }
  });
});
