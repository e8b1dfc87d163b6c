import mqtt, { type MqttClient } from 'mqtt';
import type { DeviceMqttCredentials } from '../../identity/index.ts';
import { readingsTopic } from '../../ingest/mqtt/topics.ts';
import type { ReadingSender, SendOutcome } from './types.ts';

/** A device that can sign in to the gateway's broker (its key stays with it). */
export type MqttSigningDevice = {
  readonly deviceId: string;
  /** Fresh credentials: username = device id, password = a new connect token for this client id. */
  mqttCredentials(clientId?: string): DeviceMqttCredentials;
};

/** Options of {@link createMqttSender}. */
export type CreateMqttSenderOptions = {
  /** CA certificate(s) the gateway's certificate must chain to (`mqtts://`). */
  ca?: Buffer | undefined;
};

/**
 * Publishes readings at QoS 1 to `vigil/v1/<org>/<device>/readings`, each device on a connection of its
 * own signed in with its own connect token (the gateway's broker lets a device publish only on its own
 * topic). Devices are enrolled first (`enroll`); a connection opens at the device's first reading and,
 * should the client reconnect, signs in again with a fresh token (each is accepted once). The PUBACK
 * arrives once the gateway stored the reading or recorded its rejection (embedded broker); a refused
 * reading is then named on the results topic.
 */
export function createMqttSender(
  brokerUrl: string,
  options: CreateMqttSenderOptions = {},
): ReadingSender & { enroll(devices: readonly MqttSigningDevice[]): void } {
  const enrolled = new Map<string, MqttSigningDevice>();
  const connections = new Map<string, Promise<MqttClient>>();

  const connectionOf = (device: MqttSigningDevice): Promise<MqttClient> => {
    let c = connections.get(device.deviceId);
    if (!c) {
      const credentials = device.mqttCredentials();
      c = mqtt
        .connectAsync(brokerUrl, {
          ...credentials,
          protocolVersion: 4,
          reconnectPeriod: 0,
          connectTimeout: 10_000,
          ...(options.ca ? { ca: options.ca } : {}),
        })
        .then((client) => {
          client.on('error', () => undefined);
          // mqtt.js builds the CONNECT packet from its options after emitting `reconnect`.
          client.on('reconnect', () => {
            client.options.password = device.mqttCredentials(credentials.clientId).password;
          });
          return client;
        });
      // A failed connection is tried again at the device's next reading.
      c.catch(() => connections.delete(device.deviceId));
      connections.set(device.deviceId, c);
    }
    return c;
  };

  const sendBytes: ReadingSender['sendBytes'] = async (orgId, deviceId, body): Promise<SendOutcome> => {
    const device = enrolled.get(deviceId);
    if (!device) return { ok: false, code: 'MQTT_DEVICE_NOT_ENROLLED' };
    try {
      const client = await connectionOf(device);
      await client.publishAsync(
        readingsTopic({ orgId, deviceId }),
        Buffer.from(body.buffer, body.byteOffset, body.byteLength),
        { qos: 1 },
      );
      return { ok: true };
    } catch (error) {
      return { ok: false, code: `MQTT_${(error as { code?: unknown }).code ?? 'ERROR'}` };
    }
  };
  return {
    enroll(devices) {
      for (const d of devices) enrolled.set(d.deviceId, d);
    },
    send: (orgId, reading) => sendBytes(orgId, reading.deviceId, Buffer.from(JSON.stringify(reading))),
    sendBytes,
    async close() {
      const open = await Promise.allSettled(connections.values());
      connections.clear();
      await Promise.all(open.flatMap((o) => (o.status === 'fulfilled' ? [o.value.endAsync(true)] : [])));
    },
  };
}
