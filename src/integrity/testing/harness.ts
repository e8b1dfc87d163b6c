import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readingLeafBytes, type SignedReading } from '../../identity/index.ts';
import { type ChainContext, createLedger, ensureDeployed, type Ledger } from '../../ledger/index.ts';
import { openStore, type Store } from '../../store/index.ts';
import { leafHash } from '../leafHash.ts';
import { makeSignedReadings } from './fixtures.ts';

/** A temporary store (and optionally an embedded chain with the contracts) for integrity tests. */
export type IntegrityHarness = {
  dir: string;
  store: Store;
  chain: ChainContext;
  /** Makes the chain unreachable (every client call fails as a network error) or reachable again. */
  setChainDown(down: boolean): void;
  /** Signs and stores `n` readings of one device (seq continues per device). */
  insert(n: number, deviceId?: string): Promise<SignedReading[]>;
  /** Closes the store and the chain but keeps the folder (for a CLI run on it); `close` removes it. */
  release(): Promise<void>;
  close(): Promise<void>;
};

/** The master key and gateway id of harness stores, as the CLI reads them from the environment. */
export const HARNESS_ENV = { VIGIL_MASTER_KEY: '11'.repeat(32), VIGIL_GATEWAY_ID: 'gw-test' };

const MASTER_KEY = '11'.repeat(32);

/** Re-opens the store of a harness directory (a "restart"). */
export function reopenStore(dir: string): Promise<Store> {
  return openStore({ dataDir: dir, masterKey: MASTER_KEY, gatewayId: 'gw-test' });
}

/** A client whose every call throws a network-like error while `down()` is true. */
function failing<T extends object>(client: T, down: () => boolean): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (down()) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8545 (test outage)'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Opens a store and an embedded chain with the Vigil contracts deployed, in a temporary folder. */
export async function openIntegrityHarness(): Promise<IntegrityHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-integrity-'));
  const store = await reopenStore(dir);
  const base = await createLedger({
    dataDir: dir,
    chain: { mode: 'embedded', chainId: 31337, rpcUrl: undefined, privateKey: undefined },
  });
  const real = await ensureDeployed(base);
  let down = false;
  const ledger: Ledger = {
    ...base,
    publicClient: failing(base.publicClient, () => down),
    walletClient: failing(base.walletClient, () => down),
  };
  const seqs = new Map<string, number>();
  let current = store;
  return {
    dir,
    get store() {
      return current;
    },
    set store(s: Store) {
      current = s;
    },
    chain: { ledger, deployment: real.deployment },
    setChainDown(v) {
      down = v;
    },
    async insert(n, deviceId = 'dev-01') {
      const start = seqs.get(deviceId) ?? 0;
      const readings = makeSignedReadings(start + n, deviceId).slice(start);
      seqs.set(deviceId, start + n);
      await current.insertReadings(
        readings.map((reading) => {
          const canonical = readingLeafBytes(reading);
          return {
            reading,
            canonical,
            leafHash: leafHash(canonical),
            receivedAt: Date.now(),
            transport: 'mqtt',
          };
        }),
      );
      return readings;
    },
    async release() {
      await current.close().catch(() => {});
      await base.stop();
    },
    async close() {
      await current.close().catch(() => {});
      await base.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
