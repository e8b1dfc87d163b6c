import { type Hex32, toHex32 } from './hex.ts';

/** One reading whose leaf differs between what was anchored (expected) and what is found now (actual). */
export type DifferenceFinding =
  /** Same place in the batch, different content. */
  | {
      kind: 'modified';
      expectedIndex: number;
      actualIndex: number;
      expectedLeafHash: Hex32;
      actualLeafHash: Hex32;
    }
  /** An anchored reading that is no longer there. */
  | { kind: 'deleted'; expectedIndex: number; expectedLeafHash: Hex32 }
  /** A reading that was not in the anchored batch. */
  | { kind: 'inserted'; actualIndex: number; actualLeafHash: Hex32 }
  /** An anchored reading, intact, found at another position. */
  | { kind: 'reordered'; expectedIndex: number; actualIndex: number; leafHash: Hex32 };

/** What {@link locateDifferences} found. */
export type LocateDifferencesReturnType = {
  /** intact: identical; reordered: same leaves in another order; tampered: anything else. */
  verdict: 'intact' | 'reordered' | 'tampered';
  counts: { modified: number; deleted: number; inserted: number; reordered: number; unchanged: number };
  /** Sorted by position (expected index, or actual index for insertions). */
  findings: DifferenceFinding[];
};

/**
 * Compares the leaf hashes recorded when a batch was anchored with the leaf hashes re-derived now and
 * names each differing reading. Leaves are matched by hash; the longest run of matches that kept its
 * order is "unchanged", other matches are "reordered"; between unchanged anchors, unmatched expected and
 * actual leaves pair up position by position as "modified", the excess being "deleted" or "inserted".
 * O(n log n).
 */
export function locateDifferences(
  expectedLeafHashes: readonly Uint8Array[],
  actualLeafHashes: readonly Uint8Array[],
): LocateDifferencesReturnType {
  const expKeys = expectedLeafHashes.map(toHex32);
  const actKeys = actualLeafHashes.map(toHex32);
  const ne = expKeys.length;
  const na = actKeys.length;

  // 1. Match equal hashes, first occurrence with first occurrence (duplicates pair up in order).
  const queues = new Map<string, number[]>();
  for (let i = 0; i < ne; i++) {
    const q = queues.get(expKeys[i]!);
    if (q) q.push(i);
    else queues.set(expKeys[i]!, [i]);
  }
  const actOfExp = new Int32Array(ne).fill(-1);
  const expOfAct = new Int32Array(na).fill(-1);
  const heads = new Map<string, number>();
  for (let j = 0; j < na; j++) {
    const q = queues.get(actKeys[j]!);
    const h = heads.get(actKeys[j]!) ?? 0;
    if (q && h < q.length) {
      actOfExp[q[h]!] = j;
      expOfAct[j] = q[h]!;
      heads.set(actKeys[j]!, h + 1);
    }
  }

  // 2. Longest increasing run of actual positions, in expected order: those matches kept their order.
  const matchedExp: number[] = [];
  for (let i = 0; i < ne; i++) if (actOfExp[i]! >= 0) matchedExp.push(i);
  const stable = new Uint8Array(ne);
  for (const k of longestIncreasing(matchedExp.map((i) => actOfExp[i]!))) stable[matchedExp[k]!] = 1;

  const findings: DifferenceFinding[] = [];
  let reordered = 0;
  for (const i of matchedExp) {
    if (!stable[i]) {
      findings.push({
        kind: 'reordered',
        expectedIndex: i,
        actualIndex: actOfExp[i]!,
        leafHash: expKeys[i]!,
      });
      reordered++;
    }
  }

  // 3. Walk the gaps between consecutive stable anchors.
  let modified = 0;
  let deleted = 0;
  let inserted = 0;
  let e = 0;
  let a = 0;
  const flushGap = (eEnd: number, aEnd: number) => {
    const ue: number[] = [];
    const ua: number[] = [];
    for (; e < eEnd; e++) if (actOfExp[e]! < 0) ue.push(e);
    for (; a < aEnd; a++) if (expOfAct[a]! < 0) ua.push(a);
    const pairs = Math.min(ue.length, ua.length);
    for (let k = 0; k < pairs; k++) {
      const ei = ue[k]!;
      const ai = ua[k]!;
      findings.push({
        kind: 'modified',
        expectedIndex: ei,
        actualIndex: ai,
        expectedLeafHash: expKeys[ei]!,
        actualLeafHash: actKeys[ai]!,
      });
    }
    modified += pairs;
    for (let k = pairs; k < ue.length; k++) {
      findings.push({ kind: 'deleted', expectedIndex: ue[k]!, expectedLeafHash: expKeys[ue[k]!]! });
      deleted++;
    }
    for (let k = pairs; k < ua.length; k++) {
      findings.push({ kind: 'inserted', actualIndex: ua[k]!, actualLeafHash: actKeys[ua[k]!]! });
      inserted++;
    }
  };
  for (const i of matchedExp) {
    if (!stable[i]) continue;
    flushGap(i, actOfExp[i]!);
    e = i + 1;
    a = actOfExp[i]! + 1;
  }
  flushGap(ne, na);

  findings.sort((x, y) => position(x) - position(y) || kindOrder(x) - kindOrder(y));
  const unchanged = matchedExp.length - reordered;
  const verdict =
    findings.length === 0 ? 'intact' : modified + deleted + inserted === 0 ? 'reordered' : 'tampered';
  return { verdict, counts: { modified, deleted, inserted, reordered, unchanged }, findings };
}

function position(f: DifferenceFinding): number {
  return f.kind === 'inserted' ? f.actualIndex : f.expectedIndex;
}

function kindOrder(f: DifferenceFinding): number {
  return f.kind === 'inserted' ? 1 : 0;
}

/** Indexes (into `seq`) of one longest strictly increasing subsequence; patience sorting, O(n log n). */
function longestIncreasing(seq: readonly number[]): number[] {
  const tails: number[] = []; // tails[l] = index in seq of the smallest tail of an increasing run of length l+1
  const prev = new Int32Array(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (seq[tails[mid]!]! < seq[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out: number[] = new Array(tails.length);
  let k = tails.length > 0 ? tails[tails.length - 1]! : -1;
  for (let l = tails.length - 1; l >= 0; l--) {
    out[l] = k;
    k = prev[k]!;
  }
  return out;
}
