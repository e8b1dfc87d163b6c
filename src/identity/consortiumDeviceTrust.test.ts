import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, startDeployedChain, testChainKinds } from '../../test/support/testChains.ts';
import { buildObservation } from '../ingest/buildObservation.ts';
import { createIngestPipeline, type IngestPipeline } from '../ingest/createIngestPipeline.ts';
import { createVerifyPool, type VerifyPool } from '../ingest/verifyPool.ts';
import { type ChainContext, type Ledger, writeContract } from '../ledger/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { createRegistryCache, type RegistryCache } from './createRegistryCache.ts';
import { toBytes32Id } from './ids.ts';
import { exportPublicKeySec1, generateDeviceKeyPair } from './keys.ts';
import { signReading } from './signReading.ts';

/** One hospital's gateway: its own chain account, store, registry cache and ingest pipeline. */
type TestGateway = { ctx: ChainContext; store: Store; cache: RegistryCache; pipeline: IngestPipeline };

async function until(probe: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!probe()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(testChainKinds())('consortium-wide device trust on %s', (kind) => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  let verifyPool: VerifyPool;
  let adminA: Ledger;
  let a: TestGateway;
  let b: TestGateway;
  const dirs: string[] = [];
  const device = generateDeviceKeyPair();
  let seq = 0;
  const reading = () =>
    new TextEncoder().encode(
      JSON.stringify(
        signReading(device.privateKey, {
          v: 1,
          deviceId: 'ox-1',
          seq: ++seq,
          observation: buildObservation({
            kind: 'spo2',
            value: 97,
            deviceId: 'ox-1',
            patient: 'p-1',
            effectiveAt: Date.now(),
          }),
        }),
      ),
    );

  async function startGateway(account: Ledger): Promise<TestGateway> {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-consortium-gw-'));
    dirs.push(dir);
    const ctx = as(chain.ctx, account);
    const store = await openStore({ dataDir: dir, masterKey: randomBytes(32).toString('hex') });
    const cache = createRegistryCache({ chain: ctx, store, pollIntervalMs: 50 });
    await cache.start();
    const pipeline = createIngestPipeline({ store, devices: cache, verifyPool });
    return { ctx, store, cache, pipeline };
  }

  /** Waits until a gateway's cache has applied `block`, then reports what it knows of the device. */
  async function seenAt(gateway: TestGateway, block: bigint) {
    await until(() => gateway.cache.lastBlock() >= block);
    return gateway.cache.get('ox-1');
  }

  beforeAll(async () => {
    chain = await startDeployedChain(kind);
    verifyPool = createVerifyPool({ size: 1 });
    adminA = await chain.newActor();
    const [gwA, gwB] = [await chain.newActor(), await chain.newActor()];
    const registry = (fn: string, args: readonly unknown[]) =>
      writeContract(chain.ctx, 'consortiumRegistry', fn as never, args as never);
    await registry('admitHospital', [toBytes32Id('hospital-a'), adminA.account.address]);
    await registry('admitHospital', [toBytes32Id('hospital-b'), chain.ledger.account.address]);
    for (const [gateway, org, account] of [
      ['gw-a', 'hospital-a', gwA],
      ['gw-b', 'hospital-b', gwB],
    ] as const) {
      await registry('addGateway', [
        toBytes32Id(gateway),
        toBytes32Id(org),
        account.account.address,
        `https://${gateway}.example`,
        `0x${Buffer.from(exportPublicKeySec1(generateDeviceKeyPair().publicKey)).toString('hex')}`,
      ]);
    }
    await writeContract(as(chain.ctx, adminA), 'deviceRegistry', 'registerDevice', [
      toBytes32Id('ox-1'),
      toBytes32Id('hospital-a'),
      toBytes32Id('oximeter'),
      toBytes32Id('p-1'),
      `0x${Buffer.from(exportPublicKeySec1(device.publicKey)).toString('hex')}`,
    ]);
    await writeContract(as(chain.ctx, gwA), 'consortiumRegistry', 'setPatientHome', [
      toBytes32Id('p-1'),
      toBytes32Id('hospital-a'),
    ]);
    a = await startGateway(gwA);
    b = await startGateway(gwB);
  });
  afterAll(async () => {
    for (const g of [a, b]) {
      await g?.cache.stop();
      await g?.pipeline.drain();
      await g?.store.close();
    }
    await verifyPool?.stop();
    await chain?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("honours at hospital A's gateway a quarantine that hospital B's gateway records, from that block on", async () => {
    const before = await a.pipeline.submit(reading(), {
      transport: 'mqtt',
      orgId: 'hospital-a',
      deviceId: 'ox-1',
    });
    expect(before.results[0]).toMatchObject({ status: 'accepted', quarantined: false });

    const receipt = await writeContract(b.ctx, 'trustRegistry', 'quarantine', [
      toBytes32Id('ox-1'),
      'disagrees with the bedside monitor at hospital B',
    ]);
    expect(await seenAt(a, receipt.blockNumber)).toMatchObject({ orgId: 'hospital-a', quarantined: true });
    const after = await a.pipeline.submit(reading(), {
      transport: 'mqtt',
      orgId: 'hospital-a',
      deviceId: 'ox-1',
    });
    expect(after.results[0]).toMatchObject({ status: 'accepted', quarantined: true });
    expect(await a.store.getDevice('ox-1')).toMatchObject({ quarantined: true });
  });

  it("honours at hospital B's gateway a reinstatement and a new quarantine recorded by hospital A's gateway", async () => {
    const reinstated = await writeContract(a.ctx, 'trustRegistry', 'reinstate', [
      toBytes32Id('ox-1'),
      'sensor replaced at hospital A',
    ]);
    expect(await seenAt(b, reinstated.blockNumber)).toMatchObject({ quarantined: false });
    const quarantined = await writeContract(a.ctx, 'trustRegistry', 'quarantine', [
      toBytes32Id('ox-1'),
      'biased again',
    ]);
    expect(await seenAt(b, quarantined.blockNumber)).toMatchObject({ quarantined: true });
  });

  it('keeps the record of a device that moves with a transferred patient, at every gateway', async () => {
    const receipt = await writeContract(a.ctx, 'consortiumRegistry', 'transferPatient', [
      toBytes32Id('p-1'),
      toBytes32Id('hospital-b'),
      [toBytes32Id('ox-1')],
    ]);
    for (const gateway of [a, b]) {
      const seen = await seenAt(gateway, receipt.blockNumber);
      expect(seen).toMatchObject({
        orgId: 'hospital-b',
        patient: 'p-1',
        status: 'active',
        quarantined: true,
      });
      expect(Buffer.from(seen!.publicKey)).toEqual(Buffer.from(exportPublicKeySec1(device.publicKey)));
      expect(await gateway.store.getDevice('ox-1')).toMatchObject({ orgId: 'hospital-b', quarantined: true });
    }
    // Its readings now arrive under hospital B, still flagged; under hospital A they no longer match.
    const atB = await b.pipeline.submit(reading(), {
      transport: 'mqtt',
      orgId: 'hospital-b',
      deviceId: 'ox-1',
    });
    expect(atB.results[0]).toMatchObject({ status: 'accepted', quarantined: true });
    const atA = await a.pipeline.submit(reading(), {
      transport: 'mqtt',
      orgId: 'hospital-a',
      deviceId: 'ox-1',
    });
    expect(atA.results[0]).toMatchObject({ status: 'rejected', code: 'VIGIL_DEVICE_MISMATCH' });
  });

  it('honours at every gateway a revocation by the hospital the device now belongs to', async () => {
    const receipt = await writeContract(chain.ctx, 'deviceRegistry', 'revokeDevice', [toBytes32Id('ox-1')]);
    for (const gateway of [a, b])
      expect(await seenAt(gateway, receipt.blockNumber)).toMatchObject({ status: 'revoked' });
    const refused = await b.pipeline.submit(reading(), {
      transport: 'mqtt',
      orgId: 'hospital-b',
      deviceId: 'ox-1',
    });
    expect(refused.results[0] ?? refused.rejection).toMatchObject({ code: 'VIGIL_DEVICE_REVOKED' });
  });
});
