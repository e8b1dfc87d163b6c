import type { IngestHarness } from '../../testing/ingestHarness.ts';
import { createMqttIngest } from '../createMqttIngest.ts';
import type { MqttSuiteContext } from './describeMqttTransport.ts';

/** Starts the embedded broker on a free port over `harness`, as the shared MQTT suite expects it. */
export async function startEmbeddedTransport(
  harness: IngestHarness,
  afterStop: () => Promise<void> = async () => {},
): Promise<MqttSuiteContext> {
  const ingest = createMqttIngest({
    pipeline: harness.pipeline,
    devices: harness.directory,
    config: { mqttUrl: undefined, mqttPort: 0, gatewayId: 'gw-test' },
  });
  await ingest.start();
  return {
    harness,
    url: `mqtt://127.0.0.1:${ingest.port}`,
    protocolVersion: 4,
    orgId: 'org-1',
    pubackMeansDurable: true,
    authenticatesDevices: true,
    async teardown() {
      await ingest.stop();
      await harness.close();
      await afterStop();
    },
  };
}
