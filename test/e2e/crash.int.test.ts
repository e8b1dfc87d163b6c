import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDeviceKeyPair } from '../../src/identity/index.ts';
import { ensureOrganisation, registerDevice } from '../../src/identity/registerDevice.ts';
import { readingsTopic } from '../../src/ingest/mqtt/topics.ts';
import { connectContracts, createLedger } from '../../src/ledger/index.ts';
import { createSimulatedDevice, type SimulatedDevice } from '../../src/sim/index.ts';
import { openStore } from '../../src/store/index.ts';
import { startCli } from '../support/runCli.ts';

const embedded = (dataDir: string) =>
  createLedger({
    dataDir,
    chain: { mode: 'embedded', chainId: 31337, rpcUrl: undefined, privateKey: undefined },
  });

describe('gateway crash while devices publish at QoS 1', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged reading after kill -9 and restarts cleanly', {
    timeout: 240_000,
  }, async () => {
    const args = ['start', '--data-dir', dataDir, '--http-port', '0', '--mqtt-port', '0'];
    const gateway = await startCli(args, /press Ctrl\+C/);
    const port = Number(
      /mqtt: embedded broker on mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(gateway.output().stdout)?.[1],
    );
    expect(port).toBeGreaterThan(0);

    // Register devices through the running gateway's chain (the CLI path: lock file + JSON-RPC).
    const ledger = await embedded(dataDir);
    const ctx = await connectContracts(ledger);
    await ensureOrganisation(ctx, 'hospital-a');
    const devices: SimulatedDevice[] = [];
    for (let i = 0; i < 4; i++) {
      const device = createSimulatedDevice({
        deviceId: `crash-${i}`,
        patient: `p-crash-${i}`,
        kind: 'monitor',
        privateKey: generateDeviceKeyPair().privateKey,
      });
      await registerDevice(ctx, {
        deviceId: device.deviceId,
        orgId: 'hospital-a',
        kind: 'monitor',
        patient: device.patient,
        publicKey: device.publicKey,
      });
      devices.push(device);
    }
    await ledger.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // Each device on its own connection, signed in with its own connect token.
    const clients = await Promise.all(
      devices.map((device) =>
        mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
          protocolVersion: 4,
          reconnectPeriod: 0,
          ...device.mqttCredentials(),
        }),
      ),
    );
    for (const client of clients) client.on('error', () => {});
    const acked: { deviceId: string; seq: number }[] = [];
    let killed = false;
    const publishers = devices.map(async (device, i) => {
      const client = clients[i]!;
      while (!killed) {
        const reading = device.sign('heartRate', 60 + (device.lastSeq % 40), Date.now());
        try {
          await client.publishAsync(
            readingsTopic({ orgId: 'hospital-a', deviceId: device.deviceId }),
            JSON.stringify(reading),
            {
              qos: 1,
            },
          );
          if (!killed) acked.push({ deviceId: device.deviceId, seq: reading.seq });
        } catch (error) {
          if (!killed) console.error('publish failed', error);
          return;
        }
      }
    });
    const deadline = Date.now() + 60_000;
    while (acked.length < 200) {
      if (Date.now() > deadline)
        throw new Error(`only ${acked.length} acknowledged: ${gateway.output().stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    gateway.child.kill('SIGKILL');
    killed = true;
    await Promise.race([Promise.all(publishers), new Promise((resolve) => setTimeout(resolve, 3000))]);
    for (const client of clients) client.end(true);
    expect(await gateway.stop()).toBe(null);

    const store = await openStore({ dataDir });
    const stored = new Set<string>();
    for (const device of devices) {
      for (const row of await store.listReadings({ deviceId: device.deviceId, limit: 10_000 })) {
        stored.add(`${row.deviceId}#${row.seq}`);
      }
    }
    await store.close();
    const lost = acked.filter((a) => !stored.has(`${a.deviceId}#${a.seq}`));
    expect(acked.length).toBeGreaterThanOrEqual(200);
    expect(lost).toEqual([]);

    // The gateway comes back on the same data directory: chain replayed, store intact.
    const again = await startCli(args, /press Ctrl\+C/);
    expect(again.output().stdout).toMatch(/chain: embedded, chain id 31337, block \d+/);
    expect(await again.stop('SIGTERM')).toBe(0);
  });
});
