import type { Store, StoredBatch, UnbatchedReading } from '../store/index.ts';
import { merkleRoot } from './merkleRoot.ts';
import { ZERO_ROOT_BYTES } from './zeroRoot.ts';

/** Parameters of {@link createBatcher}. */
export type CreateBatcherParameters = {
  store: Pick<
    Store,
    'getUnbatchedReadings' | 'createBatch' | 'getBatch' | 'getMeta' | 'setMeta' | 'gatewayId'
  >;
  /** A batch closes when it holds this many readings (VIGIL_BATCH_SIZE, default 1000). */
  size?: number;
  /** ... or when its oldest reading has waited this long (VIGIL_BATCH_INTERVAL_MS, default 1000). */
  intervalMs?: number;
  /** How often the store is polled for new readings (default intervalMs / 10, 10..100 ms). */
  pollMs?: number;
  now?: () => number;
  /** Called after each batch is durable (the anchorer listens). */
  onBatch?: (batch: StoredBatch) => void;
  onError?: (error: unknown) => void;
};

/** A running batcher. */
export type Batcher = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Hint that readings were stored (lets a full batch close without waiting for the next poll). */
  notify(): void;
  /** Closes every unbatched reading into batches now, regardless of the time bound. */
  flush(): Promise<StoredBatch[]>;
  /** The next batch sequence number and previous root. */
  state(): { nextSeq: number; prevRoot: Buffer };
};

const META_KEY = 'integrity.batcher.nextSeq';

/**
 * Groups stored, unbatched readings (in `pos` order) into RFC 6962 batches closing on a size or a time
 * bound. Each batch records its gateway id, sequence (from 0, no gaps), previous root and root through
 * `store.createBatch`, atomically with the readings' batch_seq/batch_index. Resumes from the store.
 */
export function createBatcher(params: CreateBatcherParameters): Batcher {
  const { store } = params;
  const size = params.size ?? 1000;
  const intervalMs = params.intervalMs ?? 1000;
  const pollMs = params.pollMs ?? Math.min(100, Math.max(10, Math.floor(intervalMs / 10)));
  const now = params.now ?? Date.now;
  let nextSeq = 0;
  let prevRoot = ZERO_ROOT_BYTES;
  let waitingSince: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let busy: Promise<unknown> = Promise.resolve();
  let resumed: Promise<void> | undefined;

  const resume = async () => {
    // The meta row is only a hint: the batches table is the truth, so walk forward from it.
    const hint = Number((await store.getMeta(META_KEY)) ?? 0);
    let seq = Number.isSafeInteger(hint) && hint > 0 ? hint - 1 : 0;
    if (seq > 0 && !(await store.getBatch(seq))) seq = 0;
    let last: StoredBatch | null = null;
    for (;;) {
      const b = await store.getBatch(seq);
      if (!b) break;
      last = b;
      seq++;
    }
    nextSeq = last ? last.seq + 1 : 0;
    prevRoot = last ? Buffer.from(last.root) : ZERO_ROOT_BYTES;
  };

  const closeOne = async (rows: UnbatchedReading[]): Promise<StoredBatch | null> => {
    if (rows.length === 0) return null;
    const root = merkleRoot(rows.map((r) => r.leafHash));
    const batch = await store.createBatch(
      { seq: nextSeq, root, prevRoot, createdAt: now() },
      rows.map((r) => r.pos),
    );
    nextSeq = batch.seq + 1;
    prevRoot = Buffer.from(batch.root);
    await store.setMeta(META_KEY, String(nextSeq));
    params.onBatch?.(batch);
    return batch;
  };

  const tick = async (force: boolean): Promise<StoredBatch[]> => {
    const made: StoredBatch[] = [];
    for (;;) {
      const pending = await store.getUnbatchedReadings({ limit: size });
      if (pending.length === 0) {
        waitingSince = null;
        return made;
      }
      waitingSince ??= now();
      const due = force || pending.length >= size || now() - waitingSince >= intervalMs;
      if (!due) return made;
      const batch = await closeOne(pending);
      if (batch) made.push(batch);
      waitingSince = null;
      if (!force && pending.length < size) return made;
    }
  };

  const run = (force: boolean) => {
    resumed ??= resume();
    const next = busy.then(() => resumed).then(() => tick(force));
    busy = next.catch((error) => params.onError?.(error));
    return next;
  };

  const schedule = () => {
    if (!running) return;
    timer = setTimeout(() => {
      void run(false).finally(schedule);
    }, pollMs);
  };

  return {
    async start() {
      resumed ??= resume();
      await resumed;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await busy;
    },
    notify() {
      if (running) void run(false).catch(() => {});
    },
    flush: () => run(true),
    state: () => ({ nextSeq, prevRoot }),
  };
}
