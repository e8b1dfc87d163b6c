import { buildMerkleTree, type MerkleTree } from './buildMerkleTree.ts';
import { MerkleInputError } from './errors.ts';

/**
 * RFC 6962 §2.1.1 audit path PATH(index, D[n]) of one leaf: the sibling hashes from the leaf up to the
 * root. Pass a prebuilt {@link MerkleTree} when taking many proofs from the same batch.
 */
export function inclusionProof(
  leafHashesOrTree: readonly Uint8Array[] | MerkleTree,
  index: number,
): Uint8Array[] {
  const tree = Array.isArray(leafHashesOrTree)
    ? buildMerkleTree(leafHashesOrTree as readonly Uint8Array[])
    : (leafHashesOrTree as MerkleTree);
  if (!Number.isSafeInteger(index) || index < 0 || index >= tree.size) {
    throw new MerkleInputError('leaf index out of range', { details: { index, treeSize: tree.size } });
  }
  const proof: Uint8Array[] = [];
  let idx = index;
  for (let h = 0; h < tree.levels.length - 1; h++) {
    const level = tree.levels[h]!;
    const sibling = idx ^ 1;
    // A lone last node is promoted to the next level unchanged: it has no sibling at this height.
    if (sibling < level.length) proof.push(level[sibling]!);
    idx >>>= 1;
  }
  return proof;
}
