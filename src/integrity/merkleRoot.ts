import { createHash } from 'node:crypto';
import { reduceLevel, toPacked } from './packedHashes.ts';

/** MTH({}) = SHA-256 of the empty string (RFC 6962 §2.1). */
export const EMPTY_TREE_ROOT: Buffer = createHash('sha256').digest();

/**
 * RFC 6962 §2.1 Merkle Tree Hash of `leafHashes` (already leaf-hashed, 32 bytes each; an array or a
 * packed buffer from `hashLeavesPacked`).
 *
 * Built bottom-up: pairing neighbours level by level and promoting a lone last node unchanged yields
 * exactly the RFC's recursive split at the largest power of two below n, with n - 1 hashes, one reused
 * 65-byte input buffer, one work buffer and no recursion.
 */
export function merkleRoot(leafHashes: readonly Uint8Array[] | Uint8Array): Buffer {
  const packed = toPacked(leafHashes);
  let len = packed.length / 32;
  if (len === 0) return Buffer.from(EMPTY_TREE_ROOT);
  if (len === 1) return Buffer.from(packed.subarray(0, 32));
  const scratch = Buffer.allocUnsafe(65);
  scratch[0] = 0x01;
  const work = Buffer.allocUnsafe(Math.ceil(len / 2) * 32);
  len = reduceLevel(packed, len, work, scratch);
  // Later levels are reduced in place: node j is written only after nodes 2j and 2j+1 were read.
  while (len > 1) len = reduceLevel(work, len, work, scratch);
  return Buffer.from(work.subarray(0, 32));
}
