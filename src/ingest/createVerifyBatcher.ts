import type { VerifyItem, VerifyPool } from './verifyPool.ts';

export type VerifyBatcher = {
  /** Verifies items, sharing worker round trips with concurrent callers. */
  verify(items: readonly VerifyItem[]): Promise<boolean[]>;
};

type Waiter = { from: number; to: number; resolve(results: boolean[]): void; reject(error: unknown): void };
type Batch = { items: VerifyItem[]; waiters: Waiter[] };

/**
 * Coalesces signature checks of concurrent messages (often one reading each) into larger pool
 * calls: everything submitted in the same turn of the event loop goes to the workers together.
 */
export function createVerifyBatcher(pool: VerifyPool, maxItems = 1024): VerifyBatcher {
  let open: Batch | undefined;

  const flush = (batch: Batch) => {
    if (open === batch) open = undefined;
    pool.verify(batch.items).then(
      (results) => {
        for (const w of batch.waiters) w.resolve(results.slice(w.from, w.to));
      },
      (error: unknown) => {
        for (const w of batch.waiters) w.reject(error);
      },
    );
  };

  return {
    verify(items) {
      if (items.length === 0) return Promise.resolve([]);
      return new Promise<boolean[]>((resolve, reject) => {
        if (!open) {
          const batch: Batch = { items: [], waiters: [] };
          open = batch;
          setImmediate(() => {
            if (open === batch) flush(batch);
          });
        }
        const batch = open;
        const from = batch.items.length;
        for (const item of items) batch.items.push(item);
        batch.waiters.push({ from, to: batch.items.length, resolve, reject });
        if (batch.items.length >= maxItems) flush(batch);
      });
    },
  };
}
