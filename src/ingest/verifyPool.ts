import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { VerifyPoolError } from './errors.ts';

/** One signature to check: SEC1 public key (65 bytes), the signed bytes (SHA-256 is applied inside), r‖s (64 bytes). */
export type VerifyItem = { publicKey: Uint8Array; message: Uint8Array; signature: Uint8Array };

/** Options of `createVerifyPool`. */
export type CreateVerifyPoolParameters = {
  /** Worker threads (default `os.availableParallelism() - 1`, at least 1: the event loop keeps a core). */
  size?: number;
  /** Items per postMessage (default 256): large enough to amortise messaging, small enough to spread work. */
  chunkSize?: number;
  /** Chunks in flight across the pool before `verify` waits (default 4 per worker). */
  maxInFlightChunks?: number;
  /** Imported public keys cached per worker (default 65,536). */
  maxKeysPerWorker?: number;
};

/** A pool of worker threads verifying ECDSA P-256 signatures. */
export type VerifyPool = {
  /** Verifies every item; resolves to one boolean per item, in order. Waits while the pool is saturated. */
  verify(items: readonly VerifyItem[]): Promise<boolean[]>;
  /** Terminates the workers; pending and later calls fail with `VIGIL_VERIFY_POOL_FAILED`. */
  stop(): Promise<void>;
  readonly size: number;
  /** Current load: chunks in flight and `verify` calls waiting for a slot. */
  stats(): { inFlightChunks: number; waiting: number; maxInFlightChunks: number };
};

type Pending = { resolve: (r: Uint8Array) => void; reject: (e: Error) => void };
type Slot = { worker: Worker; pending: Map<number, Pending> };

const WORKER_URL = new URL('./verifyWorker.js', import.meta.url);

/** Packs items into one transferable buffer: [u32 len][65 key][64 sig][message] per item. */
function pack(items: readonly VerifyItem[], from: number, to: number): ArrayBuffer {
  let total = 0;
  for (let i = from; i < to; i++) total += 133 + items[i]!.message.byteLength;
  const buf = new ArrayBuffer(total);
  const bytes = new Uint8Array(buf);
  const view = new DataView(buf);
  let off = 0;
  for (let i = from; i < to; i++) {
    const { publicKey, signature, message } = items[i]!;
    view.setUint32(off, message.byteLength);
    // Wrong-length keys or signatures are written as zeros: the worker then reports them invalid.
    if (publicKey.byteLength === 65) bytes.set(publicKey, off + 4);
    if (signature.byteLength === 64) bytes.set(signature, off + 69);
    bytes.set(message, off + 133);
    off += 133 + message.byteLength;
  }
  return buf;
}

/** Starts a pool of signature-verification workers (see `VerifyPool`). */
export function createVerifyPool(params: CreateVerifyPoolParameters = {}): VerifyPool {
  const size = Math.max(1, params.size ?? availableParallelism() - 1);
  const chunkSize = Math.max(1, params.chunkSize ?? 256);
  const maxInFlightChunks = Math.max(1, params.maxInFlightChunks ?? size * 4);
  const slots: Slot[] = [];
  const waiters: (() => void)[] = [];
  let inFlight = 0;
  let nextId = 0;
  let stopped = false;

  function spawn(index: number): void {
    const worker = new Worker(WORKER_URL, { workerData: { maxKeys: params.maxKeysPerWorker ?? 65_536 } });
    const slot: Slot = { worker, pending: new Map() };
    const fail = (error: Error) => {
      for (const p of slot.pending.values()) p.reject(error);
      slot.pending.clear();
      if (!stopped && slots[index] === slot) spawn(index);
    };
    worker.on('message', (msg: { id: number; results?: Uint8Array; error?: string }) => {
      const p = slot.pending.get(msg.id);
      if (!p) return;
      slot.pending.delete(msg.id);
      if (msg.results) p.resolve(msg.results);
      else p.reject(new VerifyPoolError(`verification worker failed: ${msg.error}`));
    });
    worker.on('error', (cause) => fail(new VerifyPoolError('verification worker crashed', { cause })));
    worker.on('exit', (code) => {
      if (slot.pending.size > 0 || (!stopped && slots[index] === slot)) {
        fail(new VerifyPoolError(`verification worker exited with code ${code}`));
      }
    });
    slots[index] = slot;
  }
  for (let i = 0; i < size; i++) spawn(i);

  async function acquire(): Promise<void> {
    while (inFlight >= maxInFlightChunks) {
      await new Promise<void>((resolve) => waiters.push(resolve));
      if (stopped) throw new VerifyPoolError('verification pool stopped');
    }
    inFlight++;
  }

  function release(): void {
    inFlight--;
    waiters.shift()?.();
  }

  function dispatch(buf: ArrayBuffer, count: number): Promise<Uint8Array> {
    let slot = slots[0]!;
    for (const s of slots) if (s.pending.size < slot.pending.size) slot = s;
    const id = nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, buf, count }, [buf]);
    }).finally(release);
  }

  return {
    size,
    async verify(items) {
      if (stopped) throw new VerifyPoolError('verification pool stopped');
      const parts: Promise<Uint8Array>[] = [];
      try {
        for (let from = 0; from < items.length; from += chunkSize) {
          await acquire();
          const to = Math.min(items.length, from + chunkSize);
          const part = dispatch(pack(items, from, to), to - from);
          // Observed below by Promise.all; this keeps an early failure from counting as unhandled meanwhile.
          part.catch(() => {});
          parts.push(part);
        }
      } catch (error) {
        await Promise.allSettled(parts);
        throw error;
      }
      const results = await Promise.all(parts);
      const out: boolean[] = new Array(items.length);
      let i = 0;
      for (const chunk of results) for (const r of chunk) out[i++] = r === 1;
      return out;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const wake of waiters.splice(0)) wake();
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
    stats: () => ({ inFlightChunks: inFlight, waiting: waiters.length, maxInFlightChunks }),
  };
}
