/** Options of {@link createGroupCommitter}. */
export type CreateGroupCommitterParameters<T, R> = {
  /** Writes one group in one transaction; returns one result per item, in order. */
  commit(items: T[]): Promise<R[]>;
  /** Largest group written at once (default 1000). */
  maxGroup?: number;
};

export type GroupCommitter<T, R> = {
  /** Queues items; resolves with their results once the group holding them is committed. */
  add(items: readonly T[]): Promise<R[]>;
  /** Items queued or being written. */
  pending(): number;
  /** Resolves once everything queued so far is written. */
  drain(): Promise<void>;
};

type Waiter<T, R> = { items: readonly T[]; resolve(results: R[]): void; reject(error: unknown): void };

/**
 * Group commit: while one group is being written, later items gather into the next group, so
 * latency stays low when idle and transactions grow with load (one fsync per group, not per item).
 */
export function createGroupCommitter<T, R>(
  params: CreateGroupCommitterParameters<T, R>,
): GroupCommitter<T, R> {
  const maxGroup = params.maxGroup ?? 1000;
  const queue: Waiter<T, R>[] = [];
  let queued = 0;
  let writing = 0;
  let running: Promise<void> | undefined;

  async function run(): Promise<void> {
    while (queue.length > 0) {
      const group: Waiter<T, R>[] = [];
      let size = 0;
      while (queue.length > 0 && (size === 0 || size + queue[0]!.items.length <= maxGroup)) {
        const waiter = queue.shift()!;
        group.push(waiter);
        size += waiter.items.length;
      }
      queued -= size;
      writing = size;
      try {
        const results = await params.commit(group.flatMap((w) => w.items as T[]));
        let offset = 0;
        for (const waiter of group) {
          waiter.resolve(results.slice(offset, offset + waiter.items.length));
          offset += waiter.items.length;
        }
      } catch (error) {
        for (const waiter of group) waiter.reject(error);
      } finally {
        writing = 0;
      }
    }
    running = undefined;
  }

  return {
    add(items) {
      if (items.length === 0) return Promise.resolve([]);
      return new Promise<R[]>((resolve, reject) => {
        queue.push({ items, resolve, reject });
        queued += items.length;
        running ??= run();
      });
    },
    pending: () => queued + writing,
    async drain() {
      while (running) await running;
    },
  };
}
