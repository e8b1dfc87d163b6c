import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bytesOf,
  createIngestHarness,
  type IngestHarness,
  type TestDevice,
} from '../testing/ingestHarness.ts';
import { createExternalIngest, type ExternalIngest } from './createExternalIngest.ts';
import { connectDevice, rejectionCodeOf } from './testing/deviceClient.ts';
import { readingsTopic, resultsTopic } from './topics.ts';

// The Mosquitto set-up documented in docs/transports.md (docs/examples/mosquitto/vigil.acl), run on a
// private Mosquitto: with an external broker, authentication and the topic ACL are the broker's job.
const ACL = join(import.meta.dirname, '..', '..', '..', 'docs', 'examples', 'mosquitto', 'vigil.acl');
const haveMosquitto =
  spawnSync('mosquitto', ['-h']).error === undefined &&
  spawnSync('mosquitto_passwd', ['-h']).error === undefined;
const CI = process.env.CI === 'true';
if (!haveMosquitto && !CI)
  console.warn('SKIP Mosquitto ACL test: mosquitto / mosquitto_passwd not installed');

const GATEWAY = { username: 'vigil@gateway', password: randomBytes(12).toString('hex') };
let dir: string;
let broker: ChildProcess;
let url: string;
let h: IngestHarness;
let ingest: ExternalIngest;
const clients: MqttClient[] = [];
let devices: TestDevice[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const connect = async (o: mqtt.IClientOptions) => {
  const c = await mqtt.connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0, ...o });
  c.on('error', () => undefined);
  clients.push(c);
  return c;
};

describe.skipIf(!haveMosquitto && !CI)('Mosquitto with the documented password file and ACL', () => {
  const orgId = `org-${randomBytes(3).toString('hex')}`;
  const passwords = new Map<string, string>();
  /** Connects as device `d` with its password, publishing under organisation `org`. */
  const signIn = (d: TestDevice, org: string, tag: string) =>
    connectDevice({
      url,
      protocolVersion: 5,
      orgId: org,
      deviceId: d.deviceId,
      clientId: `acl-${tag}-${d.deviceId}`,
      credentials: { username: d.deviceId, password: passwords.get(d.deviceId)! },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-mosquitto-'));
    // Mosquitto started as root drops to its own user before reading the password and ACL files.
    chmodSync(dir, 0o755);
    h = await createIngestHarness();
    devices = [h.device({ orgId }), h.device({ orgId })];
    const passwd = join(dir, 'vigil.passwd');
    execFileSync('mosquitto_passwd', ['-c', '-b', passwd, GATEWAY.username, GATEWAY.password]);
    for (const d of devices) {
      passwords.set(d.deviceId, randomBytes(12).toString('hex'));
      execFileSync('mosquitto_passwd', ['-b', passwd, d.deviceId, passwords.get(d.deviceId)!]);
    }
    copyFileSync(ACL, join(dir, 'vigil.acl'));
    chmodSync(passwd, 0o644);
    const port = await freePort();
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      [
        'per_listener_settings false',
        'allow_anonymous false',
        `password_file ${passwd}`,
        `acl_file ${join(dir, 'vigil.acl')}`,
        'persistence false',
        `listener ${port} 127.0.0.1`,
      ].join('\n'),
    );
    broker = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
    url = `mqtt://127.0.0.1:${port}`;
    const until = Date.now() + 10_000;
    for (;;) {
      const up = await mqtt
        .connectAsync(url, { reconnectPeriod: 0, connectTimeout: 1000, ...GATEWAY })
        .then((c) => c.endAsync(true).then(() => true))
        .catch(() => false);
      if (up) break;
      if (Date.now() > until) throw new Error('the private Mosquitto did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    ingest = createExternalIngest({
      pipeline: h.pipeline,
      url,
      clientIdPrefix: `vigil-acl-${orgId}`,
      shareGroup: 'vigil-gateways',
      connections: 1,
      sessionExpirySeconds: 30,
      ...GATEWAY,
    });
    await ingest.start();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
    await ingest?.stop();
    broker?.kill('SIGTERM');
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    await expect(connect({ clientId: 'anon' })).rejects.toThrow(/Not authorized|Bad User Name or Password/i);
    const d = devices[0]!;
    await expect(connect({ clientId: 'bad', username: d.deviceId, password: 'wrong' })).rejects.toThrow();
  });

  it('carries a device’s reading to the gateway and its result back, and nothing more', async () => {
    const [d, other] = devices as [TestDevice, TestDevice];
    const c = await signIn(d, orgId, 'd');
    try {
      expect(rejectionCodeOf(await c.send(bytesOf(d.sign())))).toBeUndefined();
      // Mosquitto grants a '#' subscription but delivers only what the read ACL allows: another device's
      // result, published by the gateway before this device's own, never reaches it.
      const seen: string[] = [];
      c.client.on('message', (topic) => seen.push(topic));
      await c.client.subscribeAsync(['#', '$SYS/#'], { qos: 1 });
      const o = await signIn(other, orgId, 'o');
      expect(rejectionCodeOf(await o.send(bytesOf(other.sign())))).toBeUndefined();
      await o.close();
      expect(rejectionCodeOf(await c.send(bytesOf(d.sign())))).toBeUndefined();
      expect(seen.filter((t) => t !== resultsTopic({ orgId, deviceId: d.deviceId }))).toEqual([]);
      // Publishing on another device's topic is refused by the broker (PUBACK 0x87): nothing is stored.
      const before = await h.store.countReadings();
      const refused = await c.client
        .publishAsync(readingsTopic({ orgId, deviceId: other.deviceId }), bytesOf(other.sign()), { qos: 1 })
        .then(
          () => 'acknowledged',
          (e: { code?: number }) => e.code,
        );
      expect(refused).toBe(0x87);
      expect(await h.store.countReadings()).toBe(before);
    } finally {
      await c.close();
    }
  });

  it('leaves the organisation to the gateway: a reading under another organisation is refused', async () => {
    const d = devices[1]!;
    const c = await signIn(d, 'not-an-org', 'x');
    try {
      expect(rejectionCodeOf(await c.send(bytesOf(d.sign())))).toBe('VIGIL_DEVICE_MISMATCH');
    } finally {
      await c.close();
    }
  });
});
