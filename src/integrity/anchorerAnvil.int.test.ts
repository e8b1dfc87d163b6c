import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEther } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { anvilBinary } from '../../test/support/anvil.ts';
import { readingLeafBytes } from '../identity/index.ts';
import { createLedger, ensureDeployed } from '../ledger/index.ts';
import { openStore } from '../store/index.ts';
import { readChainBatch, readNextSequence } from './anchorBatch.ts';
import { createAnchorer } from './createAnchorer.ts';
import { createBatcher } from './createBatcher.ts';
import { toHex32 } from './hex.ts';
import { leafHash } from './leafHash.ts';
import { makeSignedReadings } from './testing/fixtures.ts';

const bin = anvilBinary();
if (!bin && process.env.CI === 'true') throw new Error('CI=true but the anvil binary is missing');
if (!bin) console.warn('skipped: anvil binary not found, the Anvil outage test does not run');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Anvil on a fixed port with a state file, so it can be killed and restarted with the same chain. */
async function spawnAnvil(port: number, stateFile: string): Promise<ChildProcess> {
  const child = spawn(
    bin!,
    [
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--chain-id',
      '31338',
      '--state',
      stateFile,
      '--state-interval',
      '1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`anvil did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (/Listening on/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

const kill = async (child: ChildProcess) => {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
};

const waitFor = async (cond: () => Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.skipIf(!bin)('anchorer against a real Anvil node', () => {
  it('keeps batches queued while the node is killed, then anchors all in order after it restarts from its state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-anvil-outage-'));
    const port = await freePort();
    const stateFile = join(dir, 'anvil-state.json');
    let node = await spawnAnvil(port, stateFile);
    const privateKey = generatePrivateKey();
    const ledger = await createLedger({
      dataDir: dir,
      chain: { mode: 'rpc', chainId: 31338, rpcUrl: `http://127.0.0.1:${port}`, privateKey },
    });
    const store = await openStore({ dataDir: dir, masterKey: '11'.repeat(32), gatewayId: 'gw-anvil' });
    const events: string[] = [];
    try {
      await ledger.publicClient.request({
        method: 'anvil_setBalance' as never,
        params: [ledger.account.address, `0x${parseEther('1000').toString(16)}`] as never,
      });
      const chain = await ensureDeployed(ledger);
      const readings = makeSignedReadings(30);
      const insert = (from: number, to: number) =>
        store.insertReadings(
          readings.slice(from, to).map((reading) => {
            const canonical = readingLeafBytes(reading);
            return {
              reading,
              canonical,
              leafHash: leafHash(canonical),
              receivedAt: Date.now(),
              transport: 'mqtt' as const,
            };
          }),
        );
      const batcher = createBatcher({ store, size: 5, intervalMs: 50, pollMs: 10 });
      const anchorer = createAnchorer({
        store,
        chain,
        pollMs: 20,
        backoff: { initialMs: 50, maxMs: 300 },
        onEvent: (e) => events.push(e.type),
      });
      await batcher.start();
      await anchorer.start();
      await insert(0, 10);
      await waitFor(async () => (await store.listBatches({ status: 'anchored' })).length === 2);
      await new Promise((r) => setTimeout(r, 2500)); // let Anvil write its state file
      await kill(node);
      await insert(10, 30); // ingestion goes on while the chain is down
      await waitFor(async () => (await store.listBatches()).length === 6);
      await waitFor(async () => events.includes('chain-unavailable'));
      expect((await store.listBatches({ status: 'pending' })).length).toBe(4);
      node = await spawnAnvil(port, stateFile);
      await waitFor(async () => (await store.listBatches({ status: 'pending' })).length === 0);
      await batcher.stop();
      await anchorer.stop();
      const batches = await store.listBatches();
      expect(batches.map((b) => b.seq)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(batches.reduce((s, b) => s + b.count, 0)).toBe(30);
      expect(await readNextSequence(chain, 'gw-anvil')).toBe(6);
      for (const b of batches)
        expect((await readChainBatch(chain, 'gw-anvil', b.seq))!.root).toBe(toHex32(b.root));
      expect(events.filter((e) => e === 'anchored' || e === 'recovered')).toHaveLength(6);
    } finally {
      await store.close().catch(() => {});
      await ledger.stop().catch(() => {});
      await kill(node);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
