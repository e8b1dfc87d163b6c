import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createIngestHarness } from '../testing/ingestHarness.ts';
import { createEmbeddedBroker } from './createEmbeddedBroker.ts';
import { createMqttIngest } from './createMqttIngest.ts';
import { describeMqttTransport } from './testing/describeMqttTransport.ts';

describeMqttTransport('embedded aedes broker', async () => {
  const harness = await createIngestHarness();
  const ingest = createMqttIngest({
    pipeline: harness.pipeline,
    config: { mqttUrl: undefined, mqttPort: 0, gatewayId: 'gw-test' },
  });
  await ingest.start();
  return {
    harness,
    url: `mqtt://127.0.0.1:${ingest.port}`,
    protocolVersion: 4,
    orgId: 'org-1',
    pubackMeansDurable: true,
    async teardown() {
      await ingest.stop();
      await harness.close();
    },
  };
});

describe('embedded broker port', () => {
  it('fails with VIGIL_MQTT_PORT_IN_USE naming the port when it is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const broker = createEmbeddedBroker({
        pipeline: { submit: async () => ({ results: [] }) },
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
