/** Runs a batch of items in one transaction; returns one result per item, in order. */
export type GroupWriter<I, R> = (items: I[]) => Promise<R[]>;

type Job<I, R> = { items: I[]; resolve: (r: R[]) => void; reject: (e: unknown) => void };

/**
 * Group commit: calls that arrive while a transaction is running are merged into the next one,
 * so concurrent callers share one commit (one fsync) instead of queueing one each. Every call
 * still resolves only after its rows are committed, in call order. If a merged transaction
 * fails, its calls are retried one by one, so one call's failure never fails another.
 */
export function createGroupCommit<I, R>(
  write: GroupWriter<I, R>,
  maxItems = 5000,
): (items: I[]) => Promise<R[]> {
  const queue: Job<I, R>[] = [];
  let running = false;

  const runAlone = async (job: Job<I, R>) => {
    try {
      job.resolve(await write(job.items));
    } catch (error) {
      job.reject(error);
    }
  };

  const drain = async () => {
    running = true;
    try {
      while (queue.length > 0) {
        const group: Job<I, R>[] = [queue.shift()!];
        let size = group[0]!.items.length;
        while (queue.length > 0 && size + queue[0]!.items.length <= maxItems) {
          const next = queue.shift()!;
          size += next.items.length;
          group.push(next);
        }
        if (group.length === 1) {
          await runAlone(group[0]!);
          continue;
        }
        let results: R[];
        try {
          results = await write(group.flatMap((j) => j.items));
        } catch {
          for (const job of group) await runAlone(job);
          continue;
        }
        let offset = 0;
        for (const job of group) {
          job.resolve(results.slice(offset, offset + job.items.length));
          offset += job.items.length;
        }
      }
    } finally {
      running = false;
    }
  };

  return (items) =>
    new Promise<R[]>((resolve, reject) => {
      queue.push({ items, resolve, reject });
      if (!running) void drain();
    });
}
