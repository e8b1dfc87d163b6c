import { hash } from 'node:crypto';
import { MerkleInputError } from './errors.ts';
import { EMPTY_TREE_ROOT } from './merkleRoot.ts';

/** Every level of an RFC 6962 tree: `levels[0]` are the leaf hashes, the last level holds the root. */
export type MerkleTree = {
  size: number;
  root: Buffer;
  /** levels[h][i] is the node at height h, position i; a lone last node is promoted unchanged. */
  levels: readonly (readonly Uint8Array[])[];
};

/**
 * Builds and keeps all levels of the tree, so many inclusion proofs (e.g. a batch export) can be
 * read off it in O(log n) each instead of rebuilding the tree per proof.
 */
export function buildMerkleTree(leafHashes: readonly Uint8Array[]): MerkleTree {
  const n = leafHashes.length;
  if (n === 0) return { size: 0, root: Buffer.from(EMPTY_TREE_ROOT), levels: [[]] };
  for (let i = 0; i < n; i++) {
    if (leafHashes[i]!.length !== 32) {
      throw new MerkleInputError('every leaf hash must be 32 bytes', { details: { index: i } });
    }
  }
  const scratch = Buffer.allocUnsafe(65);
  scratch[0] = 0x01;
  const levels: Uint8Array[][] = [leafHashes.slice()];
  let level = levels[0]!;
  while (level.length > 1) {
    const next: Uint8Array[] = new Array((level.length + 1) >>> 1);
    let j = 0;
    for (let i = 0; i + 1 < level.length; i += 2) {
      scratch.set(level[i]!, 1);
      scratch.set(level[i + 1]!, 33);
      next[j++] = hash('sha256', scratch, 'buffer');
    }
    if (level.length & 1) next[j++] = level[level.length - 1]!;
    levels.push(next);
    level = next;
  }
  return { size: n, root: Buffer.from(level[0]!), levels };
}
