import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { readingsTopic } from '../../ingest/mqtt/topics.ts';
import type { ReadingSender } from './types.ts';

/**
 * Publishes readings at QoS 1 to `vigil/v1/<org>/<device>/readings`. The PUBACK arrives once the
 * gateway stored the reading or recorded its rejection (embedded broker); a refused reading is then
 * named on the results topic, which the simulator tallies separately.
 */
export async function createMqttSender(brokerUrl: string): Promise<ReadingSender & { client: MqttClient }> {
  const client = await mqtt.connectAsync(brokerUrl, {
    clientId: `vigil-sim-${randomBytes(4).toString('hex')}`,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  return {
    client,
    async send(orgId, reading) {
      try {
        await client.publishAsync(
          readingsTopic({ orgId, deviceId: reading.deviceId }),
          JSON.stringify(reading),
          { qos: 1 },
        );
        return { ok: true };
      } catch (error) {
        return { ok: false, code: `MQTT_${(error as { code?: unknown }).code ?? 'ERROR'}` };
      }
    },
    async close() {
      await client.endAsync(true);
    },
  };
}
