import mqtt, { type MqttClient } from 'mqtt';
import type { MqttResultMessage } from '../handleMqttMessage.ts';
import { readingsTopic, resultsTopic } from '../topics.ts';

/** A device's MQTT connection in tests: publishes readings at QoS 1 and reads its results topic. */
export type TestDeviceClient = {
  client: MqttClient;
  /** Publishes and resolves on PUBACK (before the results message is awaited). */
  publish(payload: Buffer, topicDeviceId?: string): Promise<void>;
  /** The next message on this device's results topic. */
  nextResult(timeoutMs?: number): Promise<MqttResultMessage>;
  /** publish + nextResult. */
  send(payload: Buffer): Promise<MqttResultMessage>;
  close(): Promise<void>;
};

/**
 * Connects as `deviceId` of `orgId` (with its credentials: username and connect token) and subscribes to
 * its results topic.
 */
export async function connectDevice(p: {
  url: string;
  protocolVersion: 4 | 5;
  orgId: string;
  deviceId: string;
  clientId: string;
  credentials?: { username: string; password: string };
  /** CA of the broker's certificate (`mqtts://`). */
  ca?: Buffer;
}): Promise<TestDeviceClient> {
  const client = await mqtt.connectAsync(p.url, {
    protocolVersion: p.protocolVersion,
    clientId: p.clientId,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...(p.credentials ? { username: p.credentials.username, password: p.credentials.password } : {}),
    ...(p.ca ? { ca: p.ca } : {}),
  });
  client.on('error', () => undefined);
  const queue: MqttResultMessage[] = [];
  const waiters: ((m: MqttResultMessage) => void)[] = [];
  const mine = resultsTopic({ orgId: p.orgId, deviceId: p.deviceId });
  client.on('message', (topic, payload) => {
    if (topic !== mine) return;
    const message = JSON.parse(payload.toString()) as MqttResultMessage;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  await client.subscribeAsync(mine, { qos: 1 });
  const publish = async (payload: Buffer, topicDeviceId = p.deviceId) => {
    await client.publishAsync(readingsTopic({ orgId: p.orgId, deviceId: topicDeviceId }), payload, {
      qos: 1,
    });
  };
  const nextResult = (timeoutMs = 10_000) => {
    const queued = queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise<MqttResultMessage>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no result on ${mine} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiters.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  };
  return {
    client,
    publish,
    nextResult,
    async send(payload) {
      await publish(payload);
      return nextResult();
    },
    close: () => client.endAsync(true),
  };
}

/** The code of a results message that rejects its message or its only reading. */
export function rejectionCodeOf(message: MqttResultMessage): string | undefined {
  if ('rejection' in message) return message.rejection.code;
  const [only] = message.results;
  return only?.status === 'rejected' ? only.code : undefined;
}
