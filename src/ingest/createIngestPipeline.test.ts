import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPublicKeySec1, generateDeviceKeyPair, signReading } from '../identity/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { buildObservation } from './buildObservation.ts';
import { createIngestPipeline } from './createIngestPipeline.ts';
import type { DirectoryDevice } from './deviceDirectory.ts';
import type { VerifyPool } from './verifyPool.ts';

/** A pool whose first call answers last: signature checks finish out of arrival order. */
function slowFirstPool(): VerifyPool {
  let calls = 0;
  return {
    size: 2,
    async verify(items) {
      const delay = calls++ === 0 ? 80 : 0;
      await new Promise((resolve) => setTimeout(resolve, delay));
      return items.map(() => true);
    },
    async stop() {},
    stats: () => ({ inFlightChunks: 0, waiting: 0, maxInFlightChunks: 1 }),
  };
}

describe('ingest pipeline ordering', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-pipeline-'));
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const { privateKey } = generateDeviceKeyPair();
  const device: DirectoryDevice = {
    deviceId: 'ord-1',
    orgId: 'org',
    kind: 'monitor',
    patient: 'p-ord',
    publicKey: exportPublicKeySec1(privateKey),
    status: 'active',
    quarantined: false,
  };
  const message = (seq: number) =>
    Buffer.from(
      JSON.stringify(
        signReading(privateKey, {
          v: 1,
          deviceId: 'ord-1',
          seq,
          observation: buildObservation({
            kind: 'heartRate',
            value: 70,
            deviceId: 'ord-1',
            patient: 'p-ord',
            effectiveAt: Date.now(),
          }),
        }),
      ),
    );

  it('accepts a device’s readings in arrival order even when their checks finish out of order', async () => {
    const pipeline = createIngestPipeline({
      store,
      devices: { get: () => device },
      verifyPool: slowFirstPool(),
    });
    const first = pipeline.submit(message(1), { transport: 'http' });
    await new Promise((resolve) => setImmediate(resolve));
    const second = pipeline.submit(message(2), { transport: 'http' });
    const [a, b] = await Promise.all([first, second]);
    expect(a.results[0]).toMatchObject({ status: 'accepted', seq: 1 });
    expect(b.results[0]).toMatchObject({ status: 'accepted', seq: 2 });

    // A real replay is still refused, whether in flight or already stored.
    const again = await pipeline.submit(message(2), { transport: 'http' });
    expect(again.results[0]).toMatchObject({ status: 'rejected', code: 'VIGIL_READING_REPLAYED', seq: 2 });
    const both = await Promise.all([
      pipeline.submit(message(3), { transport: 'http' }),
      pipeline.submit(message(3), { transport: 'http' }),
    ]);
    expect(both.map((r) => r.results[0]?.status).sort()).toEqual(['accepted', 'rejected']);
  });
});
