import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { ChainContext } from '../ledger/index.ts';
import type { Store, StoredBatch } from '../store/index.ts';
import { type ChainBatch, readChainBatch, readChainBatches, readNextSequence } from './anchorBatch.ts';
import { checkRowMetadata } from './checkRowMetadata.ts';
import { type BatchRow, diagnoseBatch } from './diagnoseBatch.ts';
import { hashLeavesPacked } from './hashLeaves.ts';
import { fromHex32, toHex32 } from './hex.ts';
import { leafHash } from './leafHash.ts';
import { merkleRoot } from './merkleRoot.ts';
import type { RawReadingRow, StoreFile } from './openStoreFile.ts';
import { type PatientKeySource, patientKeySourceOf } from './patientKeySource.ts';
import { startVerifyWorkers, type VerifyWorkers } from './startVerifyWorkers.ts';

/** One problem `vigil verify` found. `readingId` names the reading when one is involved. */
export type VerifyIssue = {
  batch: number | null;
  kind:
    | 'modified'
    | 'deleted'
    | 'inserted'
    | 'reordered'
    | 'leaf-hash-altered'
    | 'suspect'
    | 'metadata-mismatch'
    | 'undecryptable'
    | 'batch-row-deleted'
    | 'batch-row-altered'
    | 'batch-missing-on-chain'
    | 'chain-ahead-of-store';
  readingId?: string;
  batchIndex?: number;
  detail: string;
};

/** Parameters of {@link verifyStore}. */
export type VerifyStoreParameters = {
  store: Pick<Store, 'listBatches' | 'decryptPayload' | 'gatewayId'>;
  file: StoreFile;
  chain: ChainContext;
  /**
   * `full` (default) decrypts every payload and re-derives its leaf hash and metadata. `fast` checks only
   * the recorded leaf_hash column, batch rows and positions against the chain (no decryption): it misses
   * a payload rewritten without its leaf_hash, so use it for frequent sweeps and `full` for audits.
   */
  mode?: 'full' | 'fast';
  /**
   * Unwraps patient data keys for the worker threads of full mode (default: the source registered for
   * `store` by `openIntegrityContext`). Without one, full mode decrypts on the main thread via the store.
   */
  patientKeys?: PatientKeySource;
  /** Worker threads for full mode (default: available cores; 0 = main thread only). */
  workers?: number;
};

/** The verdict of {@link verifyStore}. */
export type VerifyStoreReturnType = {
  ok: boolean;
  gatewayId: string;
  batches: { checked: number; anchored: number; pending: number; bad: number[] };
  readings: { checked: number; erased: number };
  /** Readings of crypto-shredded patients: verified through their recorded leaf hash, not tampered. */
  erasedReadings: string[];
  issues: VerifyIssue[];
  mode: 'full' | 'fast';
  seconds: number;
  readingsPerSecond: number;
};

const sameAsChain = (b: StoredBatch, c: ChainBatch) =>
  toHex32(b.root) === c.root.toLowerCase() &&
  toHex32(b.prevRoot) === c.prevRoot.toLowerCase() &&
  b.count === c.count;

/**
 * Re-derives every batch of this gateway from the raw store rows (decrypt → canonical bytes → leaf
 * hashes → root), checks the recorded leaf hashes and metadata columns against the payloads and the
 * batch rows against DataAnchor, and names each bad batch and, where the hashes allow, each bad reading.
 */
export async function verifyStore({
  store,
  file,
  chain,
  mode = 'full',
  patientKeys,
  workers = availableParallelism(),
}: VerifyStoreParameters): Promise<VerifyStoreReturnType> {
  const started = performance.now();
  const gatewayId = store.gatewayId;
  const issues: VerifyIssue[] = [];
  const erasedReadings: string[] = [];
  const erasedPatients = file.erasedPatients();
  // Full mode with keys: worker threads re-derive each batch's content in parallel (decrypt, leaf hash,
  // metadata, dense positions) while this thread checks batch rows against the chain in seq order and
  // compares the root of each clean batch with the anchored one. Any batch that is not clean (or whose
  // root differs) goes through the detailed path below, so findings and their order are unchanged.
  // Started first, so that the workers' start-up overlaps the chain reads.
  let pool: VerifyWorkers | undefined;
  const keySource = patientKeys ?? patientKeySourceOf(store);
  if (mode === 'full' && keySource && workers > 0) {
    const keyed = file.keyedPatients().filter((p) => !erasedPatients.has(p));
    const keys = await keySource(keyed);
    pool = startVerifyWorkers({ file: file.path, gatewayId, keys, erasedPatients, size: workers });
  }
  const reads = async () =>
    [
      new Map((await store.listBatches({ limit: 2 ** 31 - 1 })).map((b) => [b.seq, b])),
      await readNextSequence(chain, gatewayId),
      await readChainBatches(chain, gatewayId),
    ] as const;
  const [stored, chainNext, fromEvents] = await reads().catch(async (error: unknown) => {
    await pool?.stop();
    throw error;
  });
  const lastSeq = Math.max(chainNext - 1, ...stored.keys());
  const bad = new Set<number>();
  let checked = 0;
  let erased = 0;
  let anchoredCount = 0;
  let pendingCount = 0;
  const flag = (issue: VerifyIssue) => {
    issues.push(issue);
    if (issue.batch !== null) bad.add(issue.batch);
  };

  pool?.check(Array.from({ length: lastSeq + 1 }, (_, i) => i));
  try {
    for (let seq = 0; seq <= lastSeq; seq++) {
      const sb = stored.get(seq) ?? null;
      // Events first (one query for all batches); the contract's storage when an event is missing.
      const cb =
        seq < chainNext ? (fromEvents.get(seq) ?? (await readChainBatch(chain, gatewayId, seq))) : null;
      if (!sb && !cb) continue;
      if (!sb)
        flag({
          batch: seq,
          kind: 'batch-row-deleted',
          detail: `batch ${seq} is on chain but its row is gone`,
        });
      else if (!cb && sb.status === 'anchored') {
        flag({
          batch: seq,
          kind: 'batch-missing-on-chain',
          detail: `batch ${seq} is marked anchored but the chain has no such batch`,
        });
      } else if (cb && !sameAsChain(sb, cb)) {
        flag({
          batch: seq,
          kind: 'batch-row-altered',
          detail: `batch ${seq} row differs from the chain (root ${toHex32(sb.root)} vs ${cb.root}, count ${sb.count} vs ${cb.count})`,
        });
      }
      if (cb) anchoredCount++;
      else pendingCount++;
      // The chain is the reference when it has the batch; a pending batch is checked against its own row.
      const reference = cb
        ? { root: fromHex32(cb.root.toLowerCase()), count: cb.count }
        : { root: Buffer.from(sb!.root), count: sb!.count };
      if (pool) {
        const w = await pool.resultOf(seq);
        if (w.clean && w.n === reference.count && merkleRoot(w.packed).equals(reference.root)) {
          checked += w.n;
          for (const id of w.erasedIds) {
            erased++;
            if (erasedReadings.length < 1000) erasedReadings.push(id);
          }
          continue;
        }
      }
      if (mode === 'fast') {
        // The recorded column only: one packed buffer straight from raw rows, root compared with the chain.
        const col = file.packedLeafHashes(seq, erasedPatients);
        if (col.packed && col.n === reference.count && merkleRoot(col.packed).equals(reference.root)) {
          checked += col.n;
          for (const id of col.erasedIds) {
            erased++;
            if (erasedReadings.length < 1000) erasedReadings.push(id);
          }
          continue;
        }
      }
      const rows = file.rowsOfBatch(seq, mode === 'full');
      checked += rows.length;
      const canon: (Buffer | null | undefined)[] =
        mode === 'fast'
          ? rows.map(() => null)
          : await Promise.all(
              rows.map((r) =>
                erasedPatients.has(r.patient)
                  ? null
                  : store.decryptPayload(r.patient, r.id, r.payload).catch(() => undefined),
              ),
            );
      const diagRows: BatchRow[] = [];
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const c = canon[i];
        let recomputed: Buffer | null;
        if (c === null) {
          if (erasedPatients.has(r.patient)) {
            erased++;
            if (erasedReadings.length < 1000) erasedReadings.push(r.id);
          }
          recomputed = null;
        } else if (c === undefined) {
          flag({
            batch: seq,
            kind: 'undecryptable',
            readingId: r.id,
            batchIndex: r.batchIndex ?? -1,
            detail: 'payload does not decrypt for its id and patient (payload, id or patient column changed)',
          });
          recomputed = leafHash(`undecryptable\u0000${r.id}\u0000${r.pos}`);
        } else {
          recomputed = null;
          const wrong = checkRowMetadata(r, c);
          if (wrong.length > 0) {
            flag({
              batch: seq,
              kind: 'metadata-mismatch',
              readingId: r.id,
              batchIndex: r.batchIndex ?? -1,
              detail: `columns ${wrong.join(', ')} disagree with the signed payload`,
            });
          }
        }
        diagRows.push({
          id: r.id,
          batchIndex: r.batchIndex ?? -1,
          recordedLeafHash: r.leafHash,
          recomputedLeafHash: recomputed,
        });
      }
      // Fast path: hash every decrypted payload in one packed pass.
      const live = canon.filter((c): c is Buffer => c instanceof Buffer);
      const packed = hashLeavesPacked(live);
      let k = 0;
      for (let i = 0; i < rows.length; i++) {
        if (canon[i] instanceof Buffer) {
          diagRows[i]!.recomputedLeafHash = packed.subarray(k * 32, k * 32 + 32);
          k++;
        }
      }
      // Quick accept: dense positions, content hashes equal to the recorded column, recorded root = anchor.
      let quick = false;
      if (
        rows.length === reference.count &&
        rows.every((r, i) => r.batchIndex === i && r.leafHash.length === 32 && canon[i] !== undefined)
      ) {
        const recorded = Buffer.concat(
          rows.map((r) => r.leafHash),
          rows.length * 32,
        );
        const contentOk =
          live.length === rows.length
            ? packed.equals(recorded)
            : diagRows.every(
                (d) =>
                  d.recomputedLeafHash === null ||
                  Buffer.from(d.recomputedLeafHash).equals(d.recordedLeafHash),
              );
        quick = contentOk && merkleRoot(recorded).equals(reference.root);
      }
      if (quick) continue;
      if (reorderedByPos(seq, rows, diagRows, reference, flag)) continue;
      const d = diagnoseBatch({ anchored: reference, rows: diagRows });
      for (const f of d.findings) {
        const id = 'id' in f ? String(f.id) : undefined;
        flag({
          batch: seq,
          kind: f.kind,
          readingId: id,
          batchIndex: f.batchIndex,
          detail: describe(f.kind, f.batchIndex, 'anchoredIndex' in f ? f.anchoredIndex : undefined),
        });
      }
      if (d.status === 'tampered' && d.findings.length === 0) {
        flag({ batch: seq, kind: 'suspect', detail: `batch ${seq} does not reproduce its anchored root` });
      }
    }
  } finally {
    await pool?.stop();
  }

  for (const r of file.rowsBeyond(lastSeq)) {
    flag({
      batch: r.batchSeq,
      kind: 'inserted',
      readingId: r.id,
      batchIndex: r.batchIndex ?? -1,
      detail: `row claims batch ${r.batchSeq}, which does not exist`,
    });
  }
  const lastBatch = stored.get(lastSeq);
  if (lastBatch) {
    for (const r of file.unbatchedBefore(lastBatch.lastPos)) {
      flag({
        batch: null,
        kind: 'inserted',
        readingId: r.id,
        detail: `unbatched row at pos ${r.pos} is older than the last batch (slipped in after batching)`,
      });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    ok: issues.length === 0,
    gatewayId,
    batches: {
      checked: stored.size,
      anchored: anchoredCount,
      pending: pendingCount,
      bad: [...bad].sort((a, b) => a - b),
    },
    readings: { checked, erased },
    erasedReadings,
    issues,
    mode,
    seconds,
    readingsPerSecond: seconds > 0 ? Math.round(checked / seconds) : 0,
  };
}

/**
 * The batcher assigns batch_index in pos order. When rows were only re-indexed (batch_index swapped),
 * putting them back in pos order reproduces the anchored root: name each row out of place.
 */
function reorderedByPos(
  seq: number,
  rows: RawReadingRow[],
  diagRows: BatchRow[],
  reference: { root: Buffer; count: number },
  flag: (issue: VerifyIssue) => void,
): boolean {
  if (rows.length !== reference.count) return false;
  const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.pos - rows[b]!.pos);
  const leaves = order.map((i) => diagRows[i]!.recomputedLeafHash ?? diagRows[i]!.recordedLeafHash);
  if (!merkleRoot(leaves).equals(reference.root)) return false;
  let found = false;
  order.forEach((i, rank) => {
    const r = rows[i]!;
    if (r.batchIndex !== rank) {
      found = true;
      flag({
        batch: seq,
        kind: 'reordered',
        readingId: r.id,
        batchIndex: r.batchIndex ?? -1,
        detail: `reading now at index ${r.batchIndex} was anchored at index ${rank}`,
      });
    }
  });
  return found;
}

function describe(kind: string, index: number, anchoredIndex?: number): string {
  switch (kind) {
    case 'modified':
      return `reading at index ${index} was modified (its hash is not the anchored leaf)`;
    case 'deleted':
      return `the reading anchored at index ${index} is missing`;
    case 'inserted':
      return `row at index ${index} was not in the anchored batch`;
    case 'reordered':
      return `reading now at index ${index} was anchored at index ${anchoredIndex}`;
    case 'leaf-hash-altered':
      return `the leaf_hash column at index ${index} was changed (content still matches the anchor)`;
    default:
      return `reading at index ${index} disagrees with its recorded leaf hash`;
  }
}
