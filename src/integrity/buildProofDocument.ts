import type { SignedReading } from '../identity/index.ts';
import { buildMerkleTree, type MerkleTree } from './buildMerkleTree.ts';
import { MerkleInputError } from './errors.ts';
import { type Hex32, isHex32, toHex32 } from './hex.ts';
import { inclusionProof } from './inclusionProof.ts';
import { leafHashOfReading } from './leafHashOfReading.ts';
import type { ProofDocument } from './proofDocumentSchema.ts';

/** Parameters of {@link buildProofDocument}. */
export type BuildProofDocumentParameters = {
  /** The stored reading (decrypted), exactly as anchored. */
  reading: SignedReading;
  /** The batch's leaf hashes in batch order, or its prebuilt tree (faster for many proofs). */
  tree: MerkleTree | readonly Uint8Array[] | Uint8Array;
  /** Position of the reading in its batch (the store's batch_index). */
  leafIndex: number;
  batch: { gatewayId: string; seq: number; prevRoot: Hex32 };
  anchor: ProofDocument['anchor'];
};

/**
 * Builds the inclusion-proof document of one anchored reading. Refuses to build a document that would
 * not verify (the reading's leaf hash must be the tree's leaf at `leafIndex`).
 */
export function buildProofDocument(p: BuildProofDocumentParameters): ProofDocument {
  const tree = 'levels' in p.tree ? p.tree : buildMerkleTree(p.tree);
  if (!Number.isSafeInteger(p.leafIndex) || p.leafIndex < 0 || p.leafIndex >= tree.size) {
    throw new MerkleInputError('leaf index out of range', {
      details: { leafIndex: p.leafIndex, treeSize: tree.size },
    });
  }
  if (!isHex32(p.batch.prevRoot)) throw new MerkleInputError('prevRoot must be 0x + 64 lowercase hex digits');
  const leafHash = leafHashOfReading(p.reading);
  const stored = tree.levels[0]!.subarray(p.leafIndex * 32, p.leafIndex * 32 + 32);
  if (!leafHash.equals(stored)) {
    throw new MerkleInputError('the reading is not the leaf at this index of the batch', {
      details: { leafIndex: p.leafIndex, expected: toHex32(stored), actual: toHex32(leafHash) },
    });
  }
  return {
    type: 'vigil.inclusion-proof',
    version: 1,
    reading: {
      v: p.reading.v,
      deviceId: p.reading.deviceId,
      seq: p.reading.seq,
      observation: p.reading.observation as ProofDocument['reading']['observation'],
      sig: p.reading.sig,
    },
    leafHash: toHex32(leafHash),
    leafIndex: p.leafIndex,
    treeSize: tree.size,
    proof: inclusionProof(tree, p.leafIndex).map(toHex32),
    root: toHex32(tree.root),
    batch: { gatewayId: p.batch.gatewayId, seq: p.batch.seq, prevRoot: p.batch.prevRoot, count: tree.size },
    anchor: { ...p.anchor },
  };
}
