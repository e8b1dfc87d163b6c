import { Worker } from 'node:worker_threads';

/** What a worker concluded about one batch (see verifyWorker.js). */
export type WorkerBatchResult =
  | { seq: number; n: number; clean: false }
  /** Every row dense, decrypted, re-hashed to its recorded leaf hash, metadata agreeing; `packed` = leaf hashes. */
  | { seq: number; n: number; clean: true; packed: Buffer; erasedIds: string[] };

/** Parameters of {@link startVerifyWorkers}. */
export type StartVerifyWorkersParameters = {
  /** Path of the SQLite file; each worker opens its own read-only connection. */
  file: string;
  gatewayId: string;
  /** Unwrapped patient data keys (sent by message only, never written anywhere). */
  keys: ReadonlyMap<string, Buffer>;
  erasedPatients: ReadonlySet<string>;
  size: number;
  /** Batches per message (default 4). */
  chunk?: number;
};

/**
 * Running workers (started at once, so their start-up overlaps the caller's chain reads). `check(seqs)`
 * hands batches out in chunks in that order; `resultOf(seq)` resolves when that batch was checked (a
 * failed worker, or a seq never passed to `check`, yields `clean: false`).
 */
export type VerifyWorkers = {
  check(seqs: readonly number[]): void;
  resultOf(seq: number): Promise<WorkerBatchResult>;
  stop(): Promise<void>;
};

const WORKER_URL = new URL('./verifyWorker.js', import.meta.url);

/**
 * Starts `size` worker threads that re-derive batch content (decrypt, leaf hash, metadata) in parallel,
 * two chunks in flight per worker, results kept per seq for the main thread to consume in order.
 */
export function startVerifyWorkers(p: StartVerifyWorkersParameters): VerifyWorkers {
  const chunk = Math.max(1, p.chunk ?? 4);
  const waiting = new Map<
    number,
    { promise: Promise<WorkerBatchResult>; resolve: (r: WorkerBatchResult) => void }
  >();
  const failAll = (seqs: readonly number[]) => {
    for (const seq of seqs) waiting.get(seq)?.resolve({ seq, n: 0, clean: false });
  };
  const chunks: number[][] = [];
  let next = 0;
  let nextId = 0;
  let dead = false;
  const keys = [...p.keys].map(([patient, key]) => [patient, new Uint8Array(key)] as const);
  const senders: (() => void)[] = [];
  const workers: Worker[] = [];
  for (let w = 0; w < Math.max(1, p.size); w++) {
    const worker = new Worker(WORKER_URL, { workerData: { file: p.file, gatewayId: p.gatewayId } });
    workers.push(worker);
    const inFlight = new Map<number, number[]>();
    const send = () => {
      if (next >= chunks.length || inFlight.size >= 2) return;
      const seqs = chunks[next++]!;
      const id = nextId++;
      inFlight.set(id, seqs);
      worker.postMessage({ id, seqs });
    };
    senders.push(send);
    worker.on('message', (m: { id: number; results?: WorkerBatchResult[]; error?: string }) => {
      const seqs = inFlight.get(m.id) ?? [];
      inFlight.delete(m.id);
      if (m.results) {
        for (const r of m.results) {
          const packed = r.clean
            ? Buffer.from(r.packed.buffer, r.packed.byteOffset, r.packed.byteLength)
            : null;
          waiting.get(r.seq)?.resolve(r.clean ? { ...r, packed: packed! } : r);
        }
      } else failAll(seqs);
      send();
    });
    // A dead worker never hides a batch: its batches, and all not handed out yet, go to the detailed path.
    const onDead = () => {
      dead = true;
      for (const seqs of inFlight.values()) failAll(seqs);
      inFlight.clear();
      failAll(chunks.slice(next).flat());
      next = chunks.length;
    };
    worker.on('error', onDead);
    worker.on('exit', onDead);
    worker.postMessage({ type: 'keys', keys, erased: [...p.erasedPatients] });
  }
  return {
    check(seqs) {
      for (const seq of seqs) {
        let resolve!: (r: WorkerBatchResult) => void;
        const promise = new Promise<WorkerBatchResult>((r) => {
          resolve = r;
        });
        waiting.set(seq, { promise, resolve });
      }
      for (let i = 0; i < seqs.length; i += chunk) chunks.push(seqs.slice(i, i + chunk));
      if (dead) {
        failAll(chunks.slice(next).flat());
        next = chunks.length;
      }
      for (let round = 0; round < 2; round++) for (const send of senders) send();
    },
    resultOf: (seq) => waiting.get(seq)?.promise ?? Promise.resolve({ seq, n: 0, clean: false }),
    async stop() {
      for (const w of workers) w.removeAllListeners('exit');
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
