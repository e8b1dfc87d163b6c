import { MerkleInputError } from './errors.ts';
import { merkleRoot } from './merkleRoot.ts';

/**
 * RFC 6962 §2.1.2 consistency proof PROOF(oldSize, D[n]) that the first `oldSize` leaves of `leafHashes`
 * form the earlier tree. Empty when oldSize is 0 or n (nothing to prove).
 */
export function consistencyProof(leafHashes: readonly Uint8Array[], oldSize: number): Uint8Array[] {
  const n = leafHashes.length;
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > n) {
    throw new MerkleInputError('old tree size out of range', { details: { oldSize, treeSize: n } });
  }
  const proof: Uint8Array[] = [];
  if (oldSize === 0 || oldSize === n) return proof;
  subproof(leafHashes, oldSize, 0, n, true, proof);
  return proof;
}

/** SUBPROOF(m, D[lo:hi], b), appending to `out` in the RFC's order. */
function subproof(
  leaves: readonly Uint8Array[],
  m: number,
  lo: number,
  hi: number,
  complete: boolean,
  out: Uint8Array[],
): void {
  const n = hi - lo;
  if (m === n) {
    if (!complete) out.push(merkleRoot(leaves.slice(lo, hi)));
    return;
  }
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) {
    subproof(leaves, m, lo, lo + k, complete, out);
    out.push(merkleRoot(leaves.slice(lo + k, hi)));
  } else {
    subproof(leaves, m - k, lo + k, hi, false, out);
    out.push(merkleRoot(leaves.slice(lo, lo + k)));
  }
}

/** The largest power of two strictly smaller than n (n >= 2). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
