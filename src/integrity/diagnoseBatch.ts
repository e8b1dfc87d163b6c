import type { Hex32 } from './hex.ts';
import { locateDifferences } from './locateDifferences.ts';
import { merkleRoot } from './merkleRoot.ts';

/** One stored reading of a batch, as the verifier reads it back from the store. */
export type BatchRow = {
  /** The store's reading id, echoed in findings so the report can name the reading. */
  id: string | number;
  /** Position in the batch (batch_index). */
  batchIndex: number;
  /** The leaf_hash column written at batching time. */
  recordedLeafHash: Uint8Array;
  /** Leaf hash re-derived now from the decrypted canonical payload; null when the payload is gone (crypto-shredded). */
  recomputedLeafHash: Uint8Array | null;
};

/** Parameters of {@link diagnoseBatch}. */
export type DiagnoseBatchParameters = {
  /** Root and count recorded on chain for this batch. */
  anchored: { root: Uint8Array; count: number };
  rows: readonly BatchRow[];
};

/** A problem found in one batch; `id` is present when a stored row is involved. */
export type BatchFinding =
  | {
      kind: 'modified';
      batchIndex: number;
      id: string | number;
      recordedLeafHash: Hex32;
      recomputedLeafHash: Hex32;
    }
  | { kind: 'reordered'; batchIndex: number; id: string | number; anchoredIndex: number }
  | { kind: 'deleted'; batchIndex: number }
  | { kind: 'inserted'; batchIndex: number; id: string | number }
  /** The content still matches the anchor but the stored leaf_hash column was changed. */
  | { kind: 'leaf-hash-altered'; batchIndex: number; id: string | number }
  /** Content differs from its recorded leaf hash, but the recorded hashes are not trustworthy either. */
  | { kind: 'suspect'; batchIndex: number; id: string | number };

/** What {@link diagnoseBatch} concluded. */
export type DiagnoseBatchReturnType = {
  status: 'intact' | 'tampered';
  /** The root rebuilt from the stored content equals the anchored root (and the count matches). */
  contentMatchesAnchor: boolean;
  /** The stored leaf_hash column reproduces the anchored root (null when rows are missing or duplicated). */
  recordedMatchesAnchor: boolean | null;
  /**
   * True when the findings are certain and complete. False when no trustworthy expected leaves exist
   * (rows missing, or the recorded column altered too): deleted/inserted positions are still certain,
   * `suspect` rows are hints, and other damage may be unnamed (see docs/integrity.md).
   */
  complete: boolean;
  /** Rows whose payload could not be re-derived and were checked through their recorded leaf hash. */
  shredded: number;
  findings: BatchFinding[];
};

/**
 * Re-verifies one anchored batch from its stored rows and, when it does not match the chain, names the
 * damaged readings: recorded leaf hashes that reproduce the anchored root are trusted as the expected
 * leaves and compared with the re-derived ones; positions are checked against the anchored count.
 */
export function diagnoseBatch({ anchored, rows }: DiagnoseBatchParameters): DiagnoseBatchReturnType {
  const findings: BatchFinding[] = [];
  const byIndex = new Map<number, BatchRow>();
  for (const row of rows) {
    const valid =
      Number.isSafeInteger(row.batchIndex) && row.batchIndex >= 0 && row.batchIndex < anchored.count;
    if (!valid || byIndex.has(row.batchIndex)) {
      findings.push({ kind: 'inserted', batchIndex: row.batchIndex, id: row.id });
      continue;
    }
    byIndex.set(row.batchIndex, row);
  }
  const dense = byIndex.size === anchored.count;
  if (!dense) {
    for (let i = 0; i < anchored.count; i++)
      if (!byIndex.has(i)) findings.push({ kind: 'deleted', batchIndex: i });
  }
  const ordered = [...byIndex.values()].sort((a, b) => a.batchIndex - b.batchIndex);
  const shredded = ordered.reduce((s, r) => s + (r.recomputedLeafHash === null ? 1 : 0), 0);
  // A shredded payload can no longer be re-hashed; its recorded leaf hash still binds it to the root.
  const content = ordered.map((r) => r.recomputedLeafHash ?? r.recordedLeafHash);
  const recorded = ordered.map((r) => r.recordedLeafHash);
  const root = Buffer.from(anchored.root);
  const contentMatchesAnchor = dense && findings.length === 0 && merkleRoot(content).equals(root);
  const recordedMatchesAnchor = dense ? merkleRoot(recorded).equals(root) : null;

  if (contentMatchesAnchor) {
    for (const r of ordered) {
      if (r.recomputedLeafHash && !Buffer.from(r.recomputedLeafHash).equals(r.recordedLeafHash)) {
        findings.push({ kind: 'leaf-hash-altered', batchIndex: r.batchIndex, id: r.id });
      }
    }
    return {
      status: 'intact',
      contentMatchesAnchor,
      recordedMatchesAnchor,
      complete: true,
      shredded,
      findings,
    };
  }

  if (recordedMatchesAnchor === true) {
    // The recorded column is what was anchored: compare it with the content, position by position.
    const diff = locateDifferences(recorded, content);
    for (const f of diff.findings) {
      if (f.kind === 'modified') {
        const row = ordered[f.actualIndex]!;
        findings.push({
          kind: 'modified',
          batchIndex: row.batchIndex,
          id: row.id,
          recordedLeafHash: f.expectedLeafHash,
          recomputedLeafHash: f.actualLeafHash,
        });
      } else if (f.kind === 'reordered') {
        const row = ordered[f.actualIndex]!;
        findings.push({
          kind: 'reordered',
          batchIndex: row.batchIndex,
          id: row.id,
          anchoredIndex: f.expectedIndex,
        });
      } else if (f.kind === 'inserted') {
        const row = ordered[f.actualIndex]!;
        findings.push({ kind: 'inserted', batchIndex: row.batchIndex, id: row.id });
      } else {
        findings.push({ kind: 'deleted', batchIndex: f.expectedIndex });
      }
    }
    return {
      status: 'tampered',
      contentMatchesAnchor,
      recordedMatchesAnchor,
      complete: true,
      shredded,
      findings,
    };
  }

  // Neither the content nor the recorded column reproduces the anchor (or rows are missing, so no root can
  // be rebuilt): rows whose content disagrees with their own recorded hash are the best hint there is.
  for (const r of ordered) {
    if (r.recomputedLeafHash && !Buffer.from(r.recomputedLeafHash).equals(r.recordedLeafHash)) {
      findings.push({ kind: 'suspect', batchIndex: r.batchIndex, id: r.id });
    }
  }
  findings.sort((a, b) => a.batchIndex - b.batchIndex);
  return {
    status: 'tampered',
    contentMatchesAnchor,
    recordedMatchesAnchor,
    complete: false,
    shredded,
    findings,
  };
}
