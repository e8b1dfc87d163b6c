import type { ChainContext } from '../ledger/index.ts';
import type { Store, StoredBatch } from '../store/index.ts';
import { anchorBatch, findAnchorTransaction, readChainBatch, readNextSequence } from './anchorBatch.ts';
import { AnchorDivergenceError } from './errors.ts';
import { toHex32 } from './hex.ts';

/** Something the anchorer did or saw; the gateway logs these (no patient data in them). */
export type AnchorerEvent =
  | { type: 'anchored'; seq: number; tx: string; block: number; count: number }
  | { type: 'recovered'; seq: number; tx: string; block: number }
  | { type: 'chain-unavailable'; retryInMs: number; message: string }
  | { type: 'error'; seq: number | null; code: string; message: string; retryInMs: number }
  | { type: 'diverged'; seq: number; code: string; message: string; details: unknown };

/** Parameters of {@link createAnchorer}. */
export type CreateAnchorerParameters = {
  store: Pick<Store, 'listBatches' | 'markBatchAnchored' | 'gatewayId'>;
  chain: ChainContext;
  /** Poll interval for new pending batches (default 100 ms). */
  pollMs?: number;
  /** Retry backoff after a chain failure: first delay and cap (default 200 ms .. 5 s, doubling). */
  backoff?: { initialMs: number; maxMs: number };
  now?: () => number;
  onEvent?: (event: AnchorerEvent) => void;
};

/** A running anchorer. */
export type Anchorer = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Wake up now (a batch was just closed). */
  notify(): void;
  /** Anchors every pending batch in order; resolves when none is left (throws on divergence). */
  drain(): Promise<void>;
  /** Set when the chain disagrees with the store; anchoring has stopped. */
  divergence(): AnchorDivergenceError | null;
};

const sameBatch = (b: StoredBatch, c: { root: string; prevRoot: string; count: number }) =>
  toHex32(b.root) === c.root.toLowerCase() &&
  toHex32(b.prevRoot) === c.prevRoot.toLowerCase() &&
  b.count === c.count;

/**
 * Anchors pending batches on DataAnchor strictly in sequence order. Chain outages keep the batches
 * queued and are retried with exponential backoff. Before each send the anchorer compares the batch
 * with the chain's sequence, so a batch anchored before a crash (tx mined, `markBatchAnchored` lost)
 * is marked from the chain's record, never sent twice and never skipped; a differing chain record
 * stops anchoring with {@link AnchorDivergenceError}.
 */
export function createAnchorer(params: CreateAnchorerParameters): Anchorer {
  const { store, chain } = params;
  const gatewayId = store.gatewayId;
  const pollMs = params.pollMs ?? 100;
  const backoff = params.backoff ?? { initialMs: 200, maxMs: 5000 };
  const now = params.now ?? Date.now;
  const emit = (e: AnchorerEvent) => params.onEvent?.(e);
  let chainNext: number | null = null;
  let delay = 0;
  let diverged: AnchorDivergenceError | null = null;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let loop: Promise<void> = Promise.resolve();
  let lock: Promise<unknown> = Promise.resolve();
  /** Passes never overlap: two concurrent sends of one batch would race for the same sequence. */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = lock.then(fn);
    lock = p.catch(() => {});
    return p;
  };

  const diverge = (seq: number, message: string, details: unknown) => {
    diverged = new AnchorDivergenceError(message, { details: { gatewayId, seq, ...(details as object) } });
    emit({ type: 'diverged', seq, code: diverged.code, message, details });
    throw diverged;
  };

  /** Anchors (or recovers) one pending batch; the chain's sequence decides which. */
  const settle = async (batch: StoredBatch) => {
    chainNext ??= await readNextSequence(chain, gatewayId);
    if (batch.seq < chainNext) {
      const onChain = await readChainBatch(chain, gatewayId, batch.seq);
      if (!onChain || !sameBatch(batch, onChain)) {
        diverge(batch.seq, `batch ${gatewayId}#${batch.seq} on chain differs from the store`, {
          store: { root: toHex32(batch.root), prevRoot: toHex32(batch.prevRoot), count: batch.count },
          chain: onChain,
        });
      }
      const found = await findAnchorTransaction(chain, gatewayId, batch.seq, onChain!.blockNumber);
      if (!found) diverge(batch.seq, `no BatchAnchored event for ${gatewayId}#${batch.seq}`, {});
      await store.markBatchAnchored(batch.seq, { tx: found!.tx, block: found!.block, anchoredAt: now() });
      emit({ type: 'recovered', seq: batch.seq, tx: found!.tx, block: found!.block });
      return;
    }
    if (batch.seq > chainNext) {
      // The chain expects an earlier batch this store says is anchored (chain reset or fork).
      diverge(
        batch.seq,
        `chain expects batch ${chainNext} of ${gatewayId} but the next pending is ${batch.seq}`,
        {
          chainNext,
        },
      );
    }
    let record: Awaited<ReturnType<typeof anchorBatch>>;
    try {
      record = await anchorBatch(chain, batch);
    } catch (error) {
      // Whatever happened, re-read the chain's sequence before the next attempt (the tx may have landed).
      chainNext = null;
      throw error;
    }
    chainNext = batch.seq + 1;
    await store.markBatchAnchored(batch.seq, { tx: record.tx, block: record.block, anchoredAt: now() });
    emit({ type: 'anchored', seq: batch.seq, tx: record.tx, block: record.block, count: batch.count });
  };

  /** One pass: every pending batch in order. Returns true when the queue is empty. */
  const pass = async (): Promise<boolean> => {
    for (;;) {
      const pending = await store.listBatches({ status: 'pending', limit: 100 });
      if (pending.length === 0) return true;
      for (const batch of pending) await settle(batch);
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });

  const run = async () => {
    while (running && !diverged) {
      try {
        await exclusive(pass);
        delay = 0;
        await sleep(pollMs);
      } catch (error) {
        if (diverged) return;
        const code = (error as { code?: string }).code ?? 'VIGIL_INTERNAL';
        delay = Math.min(backoff.maxMs, delay === 0 ? backoff.initialMs : delay * 2);
        const message = error instanceof Error ? error.message : String(error);
        if (code === 'VIGIL_CHAIN_UNAVAILABLE') {
          emit({ type: 'chain-unavailable', retryInMs: delay, message });
        } else emit({ type: 'error', seq: null, code, message, retryInMs: delay });
        await sleep(delay);
      }
    }
  };

  return {
    async start() {
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
    notify() {
      if (delay === 0 && timer) {
        clearTimeout(timer);
        wake?.();
      }
    },
    async drain() {
      if (diverged) throw diverged;
      await exclusive(pass);
    },
    divergence: () => diverged,
  };
}
