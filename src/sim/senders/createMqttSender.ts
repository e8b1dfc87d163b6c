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
  const sendBytes: ReadingSender['sendBytes'] = async (orgId, deviceId, body) => {
    try {
      await client.publishAsync(
        readingsTopic({ orgId, deviceId }),
        Buffer.from(body.buffer, body.byteOffset, body.byteLength),
        {
          qos: 1,
        },
      );
      return { ok: true };
    } catch (error) {
      return { ok: false, code: `MQTT_${(error as { code?: unknown }).code ?? 'ERROR'}` };
    }
  };
  return {
    client,
    send: (orgId, reading) => sendBytes(orgId, reading.deviceId, Buffer.from(JSON.stringify(reading))),
    sendBytes,
    async close() {
      await client.endAsync(true);
    },
  };
}
