import { buildMerkleTree, type MerkleTree } from './buildMerkleTree.ts';
import { MerkleInputError } from './errors.ts';

/**
 * RFC 6962 §2.1.1 audit path PATH(index, D[n]) of one leaf: the sibling hashes from the leaf up to the
 * root. Pass a prebuilt {@link MerkleTree} when taking many proofs from the same batch.
 */
export function inclusionProof(
  leafHashesOrTree: readonly Uint8Array[] | Uint8Array | MerkleTree,
  index: number,
): Buffer[] {
  const tree = 'levels' in leafHashesOrTree ? leafHashesOrTree : buildMerkleTree(leafHashesOrTree);
  if (!Number.isSafeInteger(index) || index < 0 || index >= tree.size) {
    throw new MerkleInputError('leaf index out of range', { details: { index, treeSize: tree.size } });
  }
  const proof: Buffer[] = [];
  let idx = index;
  for (let h = 0; h < tree.levels.length - 1; h++) {
    const level = tree.levels[h]!;
    const sibling = idx % 2 === 0 ? idx + 1 : idx - 1;
    // A lone last node is promoted to the next level unchanged: it has no sibling at this height.
    if (sibling * 32 < level.length) proof.push(Buffer.from(level.subarray(sibling * 32, sibling * 32 + 32)));
    idx = Math.floor(idx / 2);
  }
  return proof;
}
