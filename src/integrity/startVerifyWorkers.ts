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
  /** Batch seqs to check, handed out in chunks in this order. */
  seqs: readonly number[];
  /** Unwrapped patient data keys (sent by message only, never written anywhere). */
  keys: ReadonlyMap<string, Buffer>;
  erasedPatients: ReadonlySet<string>;
  size: number;
  /** Batches per message (default 4). */
  chunk?: number;
};

/** Running workers: `resultOf(seq)` resolves when that batch was checked (a failed worker yields `clean: false`). */
export type VerifyWorkers = { resultOf(seq: number): Promise<WorkerBatchResult>; stop(): Promise<void> };

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
  for (const seq of p.seqs) {
    let resolve!: (r: WorkerBatchResult) => void;
    const promise = new Promise<WorkerBatchResult>((r) => {
      resolve = r;
    });
    waiting.set(seq, { promise, resolve });
  }
  const failAll = (seqs: readonly number[]) => {
    for (const seq of seqs) waiting.get(seq)?.resolve({ seq, n: 0, clean: false });
  };
  const chunks: number[][] = [];
  for (let i = 0; i < p.seqs.length; i += chunk) chunks.push(p.seqs.slice(i, i + chunk));
  let next = 0;
  let nextId = 0;
  const keys = [...p.keys].map(([patient, key]) => [patient, new Uint8Array(key)] as const);
  const workers: Worker[] = [];
  const size = Math.max(1, Math.min(p.size, chunks.length));
  for (let w = 0; w < size && chunks.length > 0; w++) {
    const worker = new Worker(WORKER_URL, { workerData: { file: p.file, gatewayId: p.gatewayId } });
    workers.push(worker);
    const inFlight = new Map<number, number[]>();
    const send = () => {
      if (next >= chunks.length) return;
      const seqs = chunks[next++]!;
      const id = nextId++;
      inFlight.set(id, seqs);
      worker.postMessage({ id, seqs });
    };
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
    // A dead worker never hides a batch: its batches go to the main thread's detailed path.
    const dead = () => {
      for (const seqs of inFlight.values()) failAll(seqs);
      inFlight.clear();
      failAll(chunks.slice(next).flat());
      next = chunks.length;
    };
    worker.on('error', dead);
    worker.on('exit', dead);
    worker.postMessage({ type: 'keys', keys, erased: [...p.erasedPatients] });
    send();
    send();
  }
  return {
    resultOf: (seq) => waiting.get(seq)?.promise ?? Promise.resolve({ seq, n: 0, clean: false }),
    async stop() {
      for (const w of workers) w.removeAllListeners('exit');
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
