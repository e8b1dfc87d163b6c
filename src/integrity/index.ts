export {
  type AnchorRecord,
  anchorBatch,
  type ChainBatch,
  findAnchorTransaction,
  readChainBatch,
  readChainBatches,
  readNextSequence,
} from './anchorBatch.ts';
export { type BenchIngestParameters, type BenchIngestReturnType, benchIngest } from './benchIngest.ts';
export {
  type BenchFigure,
  type BenchMerkleParameters,
  type BenchMerkleReturnType,
  benchMerkle,
} from './benchMerkle.ts';
export { type BenchVerifyParameters, type BenchVerifyReturnType, benchVerify } from './benchVerify.ts';
export { buildMerkleTree, type MerkleTree } from './buildMerkleTree.ts';
export { type BuildProofDocumentParameters, buildProofDocument } from './buildProofDocument.ts';
export { consistencyProof } from './consistencyProof.ts';
export {
  type Anchorer,
  type AnchorerEvent,
  type CreateAnchorerParameters,
  createAnchorer,
} from './createAnchorer.ts';
export { type Batcher, type CreateBatcherParameters, createBatcher } from './createBatcher.ts';
export {
  type BatchFinding,
  type BatchRow,
  type DiagnoseBatchParameters,
  type DiagnoseBatchReturnType,
  diagnoseBatch,
} from './diagnoseBatch.ts';
export {
  AnchorDivergenceError,
  type ChainProofFailureCode,
  MerkleInputError,
  ProofDocumentInvalidError,
  type ProofFailureCode,
  ProofNotAnchoredError,
  ReadingNotFoundError,
} from './errors.ts';
export {
  type ExportPatientBundleParameters,
  type ExportPatientBundleReturnType,
  exportPatientBundle,
  PROOF_CONTENT_TYPE,
  PROOF_EXTENSION_URL,
} from './exportPatientBundle.ts';
export {
  type CreateProofServiceParameters,
  createProofService,
  type ProofService,
} from './getProofDocument.ts';
export { hashChildren } from './hashChildren.ts';
export { type HashLeavesParameters, hashLeaves, hashLeavesPacked } from './hashLeaves.ts';
export { fromHex32, type Hex32, isHex32, toHex32 } from './hex.ts';
export { inclusionProof } from './inclusionProof.ts';
export { leafHash } from './leafHash.ts';
export { leafHashOfReading } from './leafHashOfReading.ts';
export { type BatchConfig, loadBatchConfig } from './loadBatchConfig.ts';
export {
  type DifferenceFinding,
  type LocateDifferencesReturnType,
  locateDifferences,
} from './locateDifferences.ts';
export { EMPTY_TREE_ROOT, merkleRoot } from './merkleRoot.ts';
export { type IntegrityContext, openIntegrityContext } from './openIntegrityContext.ts';
export { openStoreFile, type RawReadingRow, type StoreFile } from './openStoreFile.ts';
export { type PackedHashes, toPacked, unpack } from './packedHashes.ts';
export { type ProofDocument, ProofDocumentSchema, ProofReadingSchema } from './proofDocumentSchema.ts';
export { type VerifyConsistencyParameters, verifyConsistency } from './verifyConsistency.ts';
export { type VerifyExportBundleReturnType, verifyExportBundle } from './verifyExportBundle.ts';
export {
  rootFromInclusionProof,
  type VerifyInclusionParameters,
  verifyInclusion,
} from './verifyInclusion.ts';
export {
  type VerifyProofDocumentOfflineReturnType,
  verifyProofDocumentOffline,
} from './verifyProofDocumentOffline.ts';
export {
  type VerifyProofOnChainParameters,
  type VerifyProofOnChainReturnType,
  verifyProofOnChain,
} from './verifyProofOnChain.ts';
export {
  type VerifyIssue,
  type VerifyStoreParameters,
  type VerifyStoreReturnType,
  verifyStore,
} from './verifyStore.ts';
export { withMerkleLeafHashes } from './withMerkleLeafHashes.ts';
export { ZERO_ROOT, ZERO_ROOT_BYTES } from './zeroRoot.ts';
