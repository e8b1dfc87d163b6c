import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeployedChain, testChainKinds } from '../../test/support/testChains.ts';
import { writeContract } from '../ledger/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { createRegistryCache, type RegistryCache } from './createRegistryCache.ts';
import { toBytes32Id } from './ids.ts';
import { exportPublicKeySec1, generateDeviceKeyPair } from './keys.ts';
import { ensureOrganisation, registerDevice, revokeDevice, rotateDeviceKey } from './registerDevice.ts';

const newKey = () => exportPublicKeySec1(generateDeviceKeyPair().publicKey);

async function until<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(testChainKinds())('registry cache on %s', (kind) => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  let store: Store;
  let cache: RegistryCache;
  let dir: string;

  beforeAll(async () => {
    chain = await startDeployedChain(kind);
    dir = mkdtempSync(join(tmpdir(), 'vigil-registry-'));
    store = await openStore({ dataDir: dir });
    await ensureOrganisation(chain.ctx, 'hospital-a');
    cache = createRegistryCache({ chain: chain.ctx, store, pollIntervalMs: 50 });
    await cache.start();
  });
  afterAll(async () => {
    await cache?.stop();
    await store?.close();
    await chain?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('learns a registered device from the chain, with its patient and key', async () => {
    const publicKey = newKey();
    await registerDevice(chain.ctx, {
      deviceId: 'ox-1',
      orgId: 'hospital-a',
      kind: 'oximeter',
      patient: 'p-1',
      publicKey,
    });
    const device = await until(() => cache.get('ox-1'));
    expect(device).toMatchObject({
      orgId: 'hospital-a',
      kind: 'oximeter',
      patient: 'p-1',
      status: 'active',
      quarantined: false,
    });
    expect(Buffer.from(device.publicKey)).toEqual(Buffer.from(publicKey));
    expect(await store.getDevice('ox-1')).toMatchObject({ patient: 'p-1', status: 'active' });
  });

  it('applies a revocation by the next poll after its block', async () => {
    await registerDevice(chain.ctx, {
      deviceId: 'ox-2',
      orgId: 'hospital-a',
      kind: 'oximeter',
      patient: 'p-2',
      publicKey: newKey(),
    });
    await until(() => cache.get('ox-2'));
    const receipt = await revokeDevice(chain.ctx, 'ox-2');
    await until(() => (cache.lastBlock() >= receipt.blockNumber ? true : undefined));
    expect(cache.get('ox-2')?.status).toBe('revoked');
  });

  it('follows key rotation and quarantine events', async () => {
    await registerDevice(chain.ctx, {
      deviceId: 'mon-1',
      orgId: 'hospital-a',
      kind: 'monitor',
      patient: 'p-3',
      publicKey: newKey(),
    });
    const next = newKey();
    await rotateDeviceKey(chain.ctx, 'mon-1', next);
    await writeContract(chain.ctx, 'trustRegistry', 'quarantine', [toBytes32Id('mon-1'), 'test']);
    const synced = await cache.sync();
    expect(synced).toBeGreaterThan(0n);
    expect(Buffer.from(cache.get('mon-1')!.publicKey)).toEqual(Buffer.from(next));
    expect(cache.get('mon-1')?.quarantined).toBe(true);
    expect((await store.getDevice('mon-1'))?.quarantined).toBe(true);
  });

  it('starts again from the store and the last applied block', async () => {
    const again = createRegistryCache({ chain: chain.ctx, store, pollIntervalMs: 50 });
    await again.start();
    expect(again.get('ox-2')?.status).toBe('revoked');
    expect(again.get('mon-1')?.quarantined).toBe(true);
    expect(
      again
        .list()
        .map((d) => d.deviceId)
        .sort(),
    ).toEqual(['mon-1', 'ox-1', 'ox-2']);
    await again.stop();
  });
});
