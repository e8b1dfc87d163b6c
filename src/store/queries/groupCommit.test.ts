import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './groupCommit.ts';

describe('createGroupCommit', () => {
  it('merges calls that arrive during a write into one write, results split per call in order', async () => {
    const writes: number[][] = [];
    const commit = createGroupCommit(async (items: number[]) => {
      writes.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((i) => i * 10);
    });
    const results = await Promise.all([commit([1]), commit([2, 3]), commit([4]), commit([5, 6])]);
    expect(results).toEqual([[10], [20, 30], [40], [50, 60]]);
    expect(writes).toEqual([[1], [2, 3, 4, 5, 6]]);
  });

  it('retries a failed merged write call by call, so only the bad call fails', async () => {
    const commit = createGroupCommit(async (items: number[]) => {
      await new Promise((r) => setTimeout(r, 1));
      if (items.includes(-1)) throw new Error('bad row');
      return items;
    });
    const first = commit([0]);
    const outcomes = await Promise.allSettled([commit([1]), commit([-1]), commit([2])]);
    await first;
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseFulfilledResult<number[]>).value).toEqual([2]);
  });

  it('caps a merged write at maxItems', async () => {
    const sizes: number[] = [];
    const commit = createGroupCommit(async (items: number[]) => {
      sizes.push(items.length);
      await new Promise((r) => setTimeout(r, 1));
      return items;
    }, 4);
    await Promise.all([commit([1]), commit([1, 2, 3]), commit([1, 2]), commit([1, 2])]);
    expect(sizes).toEqual([1, 3, 4]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(8);
  });
});
