import { verify } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { importPublicKeySec1 } from '../identity/index.ts';
import { makeVerifyItems } from './benchRawVerify.ts';
import { createVerifyPool, type VerifyItem } from './verifyPool.ts';

const { items: good } = makeVerifyItems(60, 6);

/** A mix of valid items and items broken in each way (signature, message, key, lengths). */
function mixedItems(): VerifyItem[] {
  return good.map((item, i) => {
    switch (i % 6) {
      case 1: {
        const signature = new Uint8Array(item.signature);
        signature[i % 64] = signature[i % 64]! ^ 0x10;
        return { ...item, signature };
      }
      case 2: {
        const message = new Uint8Array(item.message);
        message[message.length - 3] = message[message.length - 3]! ^ 1;
        return { ...item, message };
      }
      case 3:
        return { ...item, publicKey: good[(i + 1) % good.length]!.publicKey }; // another device's key
      case 4:
        return { ...item, signature: item.signature.subarray(0, 63) };
      case 5: {
        const publicKey = new Uint8Array(item.publicKey);
        publicKey[64] = publicKey[64]! ^ 1; // off the curve
        return { ...item, publicKey };
      }
      default:
        return item;
    }
  });
}

function verifyHere(item: VerifyItem): boolean {
  try {
    const key = importPublicKeySec1(item.publicKey);
    return (
      item.signature.length === 64 &&
      verify('sha256', item.message, { key, dsaEncoding: 'ieee-p1363' }, item.signature)
    );
  } catch {
    return false;
  }
}

describe('createVerifyPool', () => {
  const pool = createVerifyPool({ size: 2, chunkSize: 7 });
  afterAll(() => pool.stop());

  it('agrees with single-thread verification on good and bad signatures, in order', async () => {
    const items = mixedItems();
    const expected = items.map(verifyHere);
    expect(expected.filter(Boolean).length).toBe(10);
    expect(await pool.verify(items)).toEqual(expected);
    // Twice: the second pass runs on keys cached inside the workers.
    expect(await pool.verify(items)).toEqual(expected);
  });

  it('returns an empty result for no items', async () => {
    expect(await pool.verify([])).toEqual([]);
  });

  it('applies backpressure: never more chunks in flight than the bound, callers wait', async () => {
    const small = createVerifyPool({ size: 1, chunkSize: 1, maxInFlightChunks: 2 });
    try {
      let maxSeen = 0;
      let maxWaiting = 0;
      const calls = Array.from({ length: 6 }, () => small.verify(good.slice(0, 3)));
      const sampler = setInterval(() => {
        const s = small.stats();
        maxSeen = Math.max(maxSeen, s.inFlightChunks);
        maxWaiting = Math.max(maxWaiting, s.waiting);
      }, 0);
      const s0 = small.stats();
      maxSeen = Math.max(maxSeen, s0.inFlightChunks);
      maxWaiting = Math.max(maxWaiting, s0.waiting);
      const results = await Promise.all(calls);
      clearInterval(sampler);
      expect(results.flat().every(Boolean)).toBe(true);
      expect(maxSeen).toBe(2);
      expect(maxWaiting).toBeGreaterThan(0);
      expect(small.stats()).toEqual({ inFlightChunks: 0, waiting: 0, maxInFlightChunks: 2 });
    } finally {
      await small.stop();
    }
  });

  it('fails pending and later calls after stop()', async () => {
    const p = createVerifyPool({ size: 1, chunkSize: 1, maxInFlightChunks: 1 });
    const pending = p.verify(good.slice(0, 20));
    await p.stop();
    await expect(pending).rejects.toMatchObject({ code: 'VIGIL_VERIFY_POOL_FAILED' });
    await expect(p.verify(good.slice(0, 1))).rejects.toMatchObject({ code: 'VIGIL_VERIFY_POOL_FAILED' });
  });
});
