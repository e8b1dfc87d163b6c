import { EMPTY_TREE_ROOT } from './merkleRoot.ts';
import { type PackedHashes, reduceLevel, toPacked } from './packedHashes.ts';

/** Every level of an RFC 6962 tree, packed: `levels[0]` are the leaf hashes, the last level is the root. */
export type MerkleTree = {
  size: number;
  root: Buffer;
  /** levels[h] holds the nodes at height h, 32 bytes each; a lone last node is promoted unchanged. */
  levels: readonly PackedHashes[];
};

/**
 * Builds and keeps all levels of the tree, so many inclusion proofs (e.g. a batch export) can be read
 * off it in O(log n) each instead of rebuilding the tree per proof.
 */
export function buildMerkleTree(leafHashes: readonly Uint8Array[] | Uint8Array): MerkleTree {
  const leaves = Buffer.from(toPacked(leafHashes)); // own copy: callers may reuse their buffer
  let len = leaves.length / 32;
  if (len === 0) return { size: 0, root: Buffer.from(EMPTY_TREE_ROOT), levels: [leaves] };
  const scratch = Buffer.allocUnsafe(65);
  scratch[0] = 0x01;
  const levels: Buffer[] = [leaves];
  let level = leaves;
  while (len > 1) {
    const next = Buffer.allocUnsafe(Math.ceil(len / 2) * 32);
    len = reduceLevel(level, len, next, scratch);
    levels.push(next);
    level = next;
  }
  return { size: leaves.length / 32, root: Buffer.from(level.subarray(0, 32)), levels };
}
