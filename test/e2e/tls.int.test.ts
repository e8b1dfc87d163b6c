import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSender } from '../../src/cli/commands/simulate.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createGateway, type Gateway } from '../../src/gateway/index.ts';
import { runSimulation } from '../../src/sim/index.ts';
import { createSelfSignedCert, type SelfSignedCert } from '../support/selfSignedCert.ts';

// Issue #15 item 9: HTTPS and MQTT over TLS (its own port) from configured certificate and key files,
// and devices (the simulator) verifying the gateway's certificate with a CA file.
const haveOpenssl = spawnSync('openssl', ['version']).status === 0;
const CI = process.env.CI === 'true';
if (!haveOpenssl && !CI) console.warn('SKIP TLS e2e: openssl is not installed');

let cert: SelfSignedCert;
let dir: string;
let gateway: Gateway;

/** Waits for the gateway's registry cache to reach the block that registered the devices. */
async function waitForDevices(block: bigint): Promise<void> {
  while ((await gateway.devices.sync()) < block) await new Promise((r) => setTimeout(r, 50));
}

/** GETs `url` over HTTPS; resolves with status and headers, or rejects with the TLS error. */
function get(url: string, ca?: Buffer): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!haveOpenssl && !CI)('TLS for HTTP and MQTT', () => {
  beforeAll(async () => {
    cert = createSelfSignedCert();
    dir = mkdtempSync(join(tmpdir(), 'vigil-tls-gw-'));
    gateway = await createGateway(
      loadConfig(
        {
          dataDir: dir,
          httpPort: '0',
          mqttPort: 'off',
          mqttsPort: '0',
          tlsCert: cert.certFile,
          tlsKey: cert.keyFile,
          masterKey: '44'.repeat(32),
        },
        {},
      ),
      { onError: () => undefined },
    );
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    cert?.remove();
  });

  it('serves HTTPS with the configured certificate, and HSTS', async () => {
    expect(gateway.http.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await get(`${gateway.http.url}/health`, cert.cert);
    expect(r.status).toBe(200);
    expect(String(r.headers['strict-transport-security'])).toContain('max-age=');
  });

  it('is refused by a client that does not trust the certificate, and speaks no plain HTTP', async () => {
    await expect(get(`${gateway.http.url}/health`)).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    const plain = await new Promise<string>((resolve) => {
      const req = httpRequest(`http://127.0.0.1:${gateway.http.port}/health`, (res) => {
        res.resume();
        resolve(`HTTP ${res.statusCode}`);
      });
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      req.end();
    });
    expect(plain).not.toBe('HTTP 200');
  });

  it('listens for MQTT over TLS only (plain MQTT off), refusing clients that do not speak TLS', async () => {
    expect(gateway.mqtt.port).toBeUndefined();
    expect(gateway.mqtt.tlsPort).toBeGreaterThan(0);
    const c = mqtt.connect(`mqtt://127.0.0.1:${gateway.mqtt.tlsPort}`, { reconnectPeriod: 0 });
    c.on('error', () => undefined);
    const plain = await new Promise<string>((resolve) => {
      c.once('connect', () => resolve('connected'));
      c.once('close', () => resolve('closed'));
    });
    c.end(true);
    expect(plain).toBe('closed');
  });

  it('lets simulated devices sign in over MQTT over TLS, verifying the gateway with a CA file', async () => {
    const url = `mqtts://127.0.0.1:${gateway.mqtt.tlsPort}`;
    const sender = await openSender(url, cert.cert);
    try {
      const stats = await runSimulation({
        chain: gateway.chain,
        sender,
        orgId: 'tls-hospital',
        patients: 1,
        rate: 5,
        speed: 60,
        durationS: 2,
        waitForDevices,
      });
      expect(stats.sent).toBeGreaterThan(0);
      expect(stats.refused).toEqual({});
      expect(stats.acknowledged).toBe(stats.sent);
    } finally {
      await sender.close();
    }
    expect(await gateway.store.countReadings()).toBeGreaterThan(0);
    // Without the CA the device refuses the gateway (its certificate is self-signed).
    const untrusting = await openSender(url);
    try {
      const stats = await runSimulation({
        chain: gateway.chain,
        sender: untrusting,
        orgId: 'tls-hospital',
        patients: 1,
        rate: 5,
        durationS: 1,
        waitForDevices,
      });
      expect(stats.acknowledged).toBe(0);
      expect(Object.keys(stats.refused)).toEqual(['MQTT_DEPTH_ZERO_SELF_SIGNED_CERT']);
    } finally {
      await untrusting.close();
    }
  }, 120_000);
});
