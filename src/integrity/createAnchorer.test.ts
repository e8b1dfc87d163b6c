import { afterEach, describe, expect, it } from 'vitest';
import { anchorBatch, readChainBatch, readNextSequence } from './anchorBatch.ts';
import { createAnchorer } from './createAnchorer.ts';
import { createBatcher } from './createBatcher.ts';
import { toHex32 } from './hex.ts';
import { merkleRoot } from './merkleRoot.ts';
import { type IntegrityHarness, openIntegrityHarness, reopenStore } from './testing/harness.ts';
import { ZERO_ROOT } from './zeroRoot.ts';

let h: IntegrityHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const waitFor = async (cond: () => Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('batcher', () => {
  it('closes batches on the size bound, chains prev roots and resumes after a restart', async () => {
    h = await openIntegrityHarness();
    await h.insert(25);
    const batcher = createBatcher({ store: h.store, size: 10, intervalMs: 60_000 });
    const made = await batcher.flush();
    expect(made.map((b) => b.count)).toEqual([10, 10, 5]);
    expect(made.map((b) => b.seq)).toEqual([0, 1, 2]);
    expect(toHex32(made[0]!.prevRoot)).toBe(ZERO_ROOT);
    expect(made[1]!.prevRoot.equals(made[0]!.root)).toBe(true);
    const leaves = await h.store.getBatchLeaves(1, { payloads: false });
    expect(merkleRoot(leaves.leafHashes).equals(made[1]!.root)).toBe(true);
    await batcher.stop();
    // restart: a new batcher on a reopened store continues at seq 3 with the right prev root
    await h.store.close();
    h.store = await reopenStore(h.dir);
    await h.insert(3);
    const again = createBatcher({ store: h.store, size: 10, intervalMs: 60_000 });
    const [next] = await again.flush();
    expect(next!.seq).toBe(3);
    expect(next!.prevRoot.equals(made[2]!.root)).toBe(true);
  });

  it('closes a partial batch on the time bound while running', async () => {
    h = await openIntegrityHarness();
    const batcher = createBatcher({ store: h.store, size: 1000, intervalMs: 150, pollMs: 10 });
    await batcher.start();
    await h.insert(7);
    await waitFor(async () => (await h!.store.listBatches()).length === 1);
    await batcher.stop();
    expect((await h.store.listBatches())[0]!.count).toBe(7);
  });
});

describe('anchorer', () => {
  it('keeps batches queued through a chain outage and anchors all of them in order afterwards', async () => {
    h = await openIntegrityHarness();
    const events: string[] = [];
    const batcher = createBatcher({ store: h.store, size: 5, intervalMs: 50, pollMs: 10 });
    const anchorer = createAnchorer({
      store: h.store,
      chain: h.chain,
      pollMs: 20,
      backoff: { initialMs: 20, maxMs: 100 },
      onEvent: (e) => events.push(e.type),
    });
    await batcher.start();
    await anchorer.start();
    await h.insert(5);
    await waitFor(async () => (await h!.store.listBatches({ status: 'anchored' })).length === 1);
    h.setChainDown(true);
    await h.insert(12); // ingestion continues while the chain is down
    await waitFor(async () => (await h!.store.listBatches()).length >= 4);
    await waitFor(async () => events.includes('chain-unavailable'));
    expect((await h.store.listBatches({ status: 'pending' })).length).toBeGreaterThanOrEqual(3);
    h.setChainDown(false);
    await waitFor(async () => (await h!.store.listBatches({ status: 'pending' })).length === 0);
    await batcher.stop();
    await anchorer.stop();
    const batches = await h.store.listBatches();
    expect(batches.reduce((s, b) => s + b.count, 0)).toBe(17);
    expect(await readNextSequence(h.chain, 'gw-test')).toBe(batches.length);
    for (const b of batches) {
      const onChain = await readChainBatch(h.chain, 'gw-test', b.seq);
      expect(onChain!.root).toBe(toHex32(b.root));
    }
    const blocks = batches.map((b) => b.anchorBlock!);
    expect([...blocks].sort((a, b) => a - b)).toEqual(blocks);
  });

  it('after a crash between the tx and markBatchAnchored, recovers the batch from the chain without resending', async () => {
    h = await openIntegrityHarness();
    await h.insert(8);
    const [b0, b1] = await createBatcher({ store: h.store, size: 4 }).flush();
    // the "crash": batch 0 reached the chain but the store never heard of it
    const sent = await anchorBatch(h.chain, b0!);
    const events: { type: string; seq?: number | null }[] = [];
    const anchorer = createAnchorer({ store: h.store, chain: h.chain, onEvent: (e) => events.push(e) });
    await anchorer.drain();
    expect(events.map((e) => [e.type, e.seq])).toEqual([
      ['recovered', 0],
      ['anchored', 1],
    ]);
    expect((await h.store.getBatch(0))!.anchorTx).toBe(sent.tx);
    expect((await h.store.getBatch(1))!.status).toBe('anchored');
    expect(await readNextSequence(h.chain, 'gw-test')).toBe(2);
    expect(b1!.prevRoot.equals(b0!.root)).toBe(true);
  });

  it('stops loudly when the chain holds a different root for a pending batch', async () => {
    h = await openIntegrityHarness();
    await h.insert(4);
    const [b0] = await createBatcher({ store: h.store, size: 4 }).flush();
    await anchorBatch(h.chain, { ...b0!, root: Buffer.alloc(32, 7) });
    const anchorer = createAnchorer({ store: h.store, chain: h.chain });
    await expect(anchorer.drain()).rejects.toMatchObject({ code: 'VIGIL_ANCHOR_DIVERGED' });
    expect(anchorer.divergence()?.details).toMatchObject({ seq: 0 });
    expect((await h.store.getBatch(0))!.status).toBe('pending');
  });
});
