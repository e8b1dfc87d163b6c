import { generateKeyPairSync } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signConnectToken } from '../../identity/signConnectToken.ts';
import {
  bytesOf,
  createIngestHarness,
  type IngestHarness,
  type TestDevice,
} from '../testing/ingestHarness.ts';
import { createMqttIngest, type MqttIngest } from './createMqttIngest.ts';
import { handleMqttMessage } from './handleMqttMessage.ts';
import { connectDevice, rejectionCodeOf } from './testing/deviceClient.ts';
import { readingsTopic, resultsTopic } from './topics.ts';

// Issue #15 item 8: the embedded broker authenticates every client as a registered device and keeps each
// device to its own topics; the organisation of a readings topic is checked against the registry.
let h: IngestHarness;
let ingest: MqttIngest;
let url: string;
const open: MqttClient[] = [];

beforeAll(async () => {
  h = await createIngestHarness();
  ingest = createMqttIngest({
    pipeline: h.pipeline,
    devices: h.directory,
    config: { mqttUrl: undefined, mqttPort: 0, gatewayId: 'gw-test', mqttTokenWindowSeconds: 60 },
  });
  await ingest.start();
  url = `mqtt://127.0.0.1:${ingest.port}`;
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.endAsync(true).catch(() => undefined)));
  await ingest?.stop();
  await h?.close();
});

/** Connects with these options; resolves with the client or rejects with the CONNACK refusal. */
async function connect(options: mqtt.IClientOptions): Promise<MqttClient> {
  const c = await mqtt.connectAsync(url, {
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...options,
  });
  c.on('error', () => undefined);
  open.push(c);
  return c;
}
const refusal = (options: mqtt.IClientOptions) =>
  connect(options).then(
    () => 'connected',
    (e: { code?: number }) => e.code,
  );
const asDevice = (d: TestDevice, clientId: string) => connect(d.mqttCredentials(clientId));
const closed = (c: MqttClient) => new Promise<void>((resolve) => c.once('close', () => resolve()));

describe('MQTT client authentication', () => {
  it('refuses a client that presents no credentials (CONNACK 4)', async () => {
    expect(await refusal({ clientId: 'anon' })).toBe(4);
    expect(await refusal({ clientId: 'anon-2', username: 'someone' })).toBe(4);
  });

  it('accepts a registered device with a fresh connect token', async () => {
    const d = h.device();
    const c = await connectDevice({
      url,
      protocolVersion: 4,
      orgId: d.orgId,
      deviceId: d.deviceId,
      clientId: 'fresh',
      credentials: d.mqttCredentials('fresh'),
    });
    expect(rejectionCodeOf(await c.send(bytesOf(d.sign())))).toBeUndefined();
    await c.close();
  });

  it('refuses an unknown device, another key, a stale token and a revoked device', async () => {
    const stranger = h.device({ register: false });
    expect(await refusal(stranger.mqttCredentials('u-1'))).toBe(4);
    const d = h.device();
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const forged = signConnectToken(other, { deviceId: d.deviceId, clientId: 'k-1' });
    expect(await refusal({ clientId: 'k-1', username: d.deviceId, password: forged })).toBe(4);
    const stale = signConnectToken(d.privateKey, {
      deviceId: d.deviceId,
      clientId: 'k-2',
      issuedAt: Math.floor(Date.now() / 1000) - 3600,
    });
    expect(await refusal({ clientId: 'k-2', username: d.deviceId, password: stale })).toBe(4);
    const revoked = h.device({ status: 'revoked' });
    expect(await refusal(revoked.mqttCredentials('r-1'))).toBe(5);
  });

  it('refuses a connect token presented twice, or by another client id, or under another username', async () => {
    const d = h.device();
    const e = h.device();
    const creds = d.mqttCredentials('once');
    const first = await connect(creds);
    await first.endAsync(true);
    expect(await refusal(creds)).toBe(4);
    const fresh = d.mqttCredentials('bound');
    expect(await refusal({ ...fresh, clientId: 'elsewhere' })).toBe(4);
    expect(await refusal({ ...fresh, username: e.deviceId })).toBe(4);
  });
});

describe('MQTT topic ACL', () => {
  it('grants a device its own results topic and refuses #, $SYS and other devices (SUBACK 0x80)', async () => {
    const d = h.device();
    const other = h.device();
    const c = await asDevice(d, 'sub');
    const topics = [
      resultsTopic(d),
      '#',
      '$SYS/#',
      'vigil/v1/+/+/results',
      resultsTopic(other),
      readingsTopic(other),
    ];
    // mqtt.js rejects when any subscription is refused; the SUBACK rides on the error.
    const suback = await c.subscribeAsync(topics).then(
      () => undefined,
      (e: { packet?: { granted?: number[] } }) => e.packet?.granted,
    );
    expect(suback).toEqual([0, 128, 128, 128, 128, 128]);
  });

  it('disconnects a device publishing on another device’s readings topic, storing and recording nothing', async () => {
    const d = h.device();
    const victim = h.device();
    const c = await asDevice(d, 'spoof');
    const before = { readings: await h.store.countReadings(), rejection: await h.lastRejectionId() };
    const gone = closed(c);
    c.publish(readingsTopic(victim), bytesOf(victim.sign()), { qos: 1 });
    await gone;
    expect(await h.store.countReadings()).toBe(before.readings);
    expect(await h.lastRejectionId()).toBe(before.rejection);
  });

  it('disconnects a device publishing its own reading under another organisation', async () => {
    const d = h.device();
    const c = await asDevice(d, 'org');
    const before = await h.store.countReadings();
    const gone = closed(c);
    c.publish(readingsTopic({ orgId: 'not-an-org', deviceId: d.deviceId }), bytesOf(d.sign()), { qos: 1 });
    await gone;
    expect(await h.store.countReadings()).toBe(before);
  });
});

describe('organisation of the topic (shared MQTT handling, any broker)', () => {
  it('refuses a validly signed reading on a topic naming another organisation, and records it', async () => {
    const d = h.device();
    const before = await h.lastRejectionId();
    const outcome = await handleMqttMessage(
      h.pipeline,
      readingsTopic({ orgId: 'not-an-org', deviceId: d.deviceId }),
      bytesOf(d.sign()),
    );
    if (!outcome.handled) throw new Error('a readings topic is handled');
    expect(rejectionCodeOf(outcome.response)).toBe('VIGIL_DEVICE_MISMATCH');
    expect((await h.rejectionsAfter(before)).map((r) => [r.code, r.deviceId])).toEqual([
      ['VIGIL_DEVICE_MISMATCH', d.deviceId],
    ]);
  });
});
