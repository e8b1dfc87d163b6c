export {
  type BenchFigure,
  type BenchMerkleParameters,
  type BenchMerkleReturnType,
  benchMerkle,
} from './benchMerkle.ts';
export { buildMerkleTree, type MerkleTree } from './buildMerkleTree.ts';
export { type BuildProofDocumentParameters, buildProofDocument } from './buildProofDocument.ts';
export { consistencyProof } from './consistencyProof.ts';
export {
  type BatchFinding,
  type BatchRow,
  type DiagnoseBatchParameters,
  type DiagnoseBatchReturnType,
  diagnoseBatch,
} from './diagnoseBatch.ts';
export { MerkleInputError, ProofDocumentInvalidError, type ProofFailureCode } from './errors.ts';
export { hashChildren } from './hashChildren.ts';
export { type HashLeavesParameters, hashLeaves, hashLeavesPacked } from './hashLeaves.ts';
export { fromHex32, type Hex32, isHex32, toHex32 } from './hex.ts';
export { inclusionProof } from './inclusionProof.ts';
export { leafHash } from './leafHash.ts';
export { leafHashOfReading } from './leafHashOfReading.ts';
export {
  type DifferenceFinding,
  type LocateDifferencesReturnType,
  locateDifferences,
} from './locateDifferences.ts';
export { EMPTY_TREE_ROOT, merkleRoot } from './merkleRoot.ts';
export { type PackedHashes, toPacked, unpack } from './packedHashes.ts';
export { type ProofDocument, ProofDocumentSchema, ProofReadingSchema } from './proofDocumentSchema.ts';
export { type VerifyConsistencyParameters, verifyConsistency } from './verifyConsistency.ts';
export {
  rootFromInclusionProof,
  type VerifyInclusionParameters,
  verifyInclusion,
} from './verifyInclusion.ts';
export {
  type VerifyProofDocumentOfflineReturnType,
  verifyProofDocumentOffline,
} from './verifyProofDocumentOffline.ts';
