import { createHash, hash } from 'node:crypto';
import { MerkleInputError } from './errors.ts';

/** MTH({}) = SHA-256 of the empty string (RFC 6962 §2.1). */
export const EMPTY_TREE_ROOT: Buffer = createHash('sha256').digest();

/**
 * RFC 6962 §2.1 Merkle Tree Hash of `leafHashes` (already leaf-hashed, 32 bytes each).
 *
 * Built bottom-up: pairing neighbours level by level and promoting a lone last node unchanged
 * yields exactly the RFC's recursive split at the largest power of two below n, with n - 1
 * hashes, one reused 65-byte input buffer and no recursion.
 */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Buffer {
  const n = leafHashes.length;
  if (n === 0) return Buffer.from(EMPTY_TREE_ROOT);
  for (let i = 0; i < n; i++) {
    if (leafHashes[i]!.length !== 32) {
      throw new MerkleInputError('every leaf hash must be 32 bytes', { details: { index: i } });
    }
  }
  if (n === 1) return Buffer.from(leafHashes[0]!);
  const scratch = Buffer.allocUnsafe(65);
  scratch[0] = 0x01;
  let level: readonly Uint8Array[] = leafHashes;
  const work: Uint8Array[] = new Array((n + 1) >>> 1);
  let len = n;
  while (len > 1) {
    let j = 0;
    for (let i = 0; i + 1 < len; i += 2) {
      scratch.set(level[i]!, 1);
      scratch.set(level[i + 1]!, 33);
      work[j++] = hash('sha256', scratch, 'buffer');
    }
    if (len & 1) work[j++] = level[len - 1]!;
    level = work;
    len = j;
  }
  return Buffer.from(level[0]!);
}
