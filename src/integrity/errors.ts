import { VigilError, type VigilErrorOptions } from '../errors/index.ts';

/** Invalid input to a Merkle operation (leaf hash not 32 bytes, index out of range, bad sizes). */
export class MerkleInputError extends VigilError {
  override name = 'MerkleInputError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_MERKLE_INPUT_INVALID', message, options);
  }
}

/** Why an inclusion-proof document failed offline verification; each is a stable error code. */
export type ProofFailureCode =
  | 'VIGIL_PROOF_MALFORMED'
  | 'VIGIL_PROOF_LEAF_MISMATCH'
  | 'VIGIL_PROOF_INDEX_OUT_OF_RANGE'
  | 'VIGIL_PROOF_COUNT_MISMATCH'
  | 'VIGIL_PROOF_PATH_INVALID';

/** An inclusion-proof document is forged, corrupted or inconsistent. `code` says which check failed. */
export class ProofDocumentInvalidError extends VigilError {
  override name = 'ProofDocumentInvalidError';
  declare readonly code: ProofFailureCode;
  constructor(code: ProofFailureCode, message: string, options: VigilErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A reading asked for a proof is stored but its batch is not anchored yet (HTTP 409). */
export class ProofNotAnchoredError extends VigilError {
  override name = 'ProofNotAnchoredError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_PROOF_NOT_ANCHORED', message, options);
  }
}

/** No stored reading has this id (HTTP 404). */
export class ReadingNotFoundError extends VigilError {
  override name = 'ReadingNotFoundError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_READING_NOT_FOUND', message, options);
  }
}

/**
 * The chain holds a batch of this gateway whose root, previous root or count differs from the store's,
 * or the store's batches and the chain's sequence disagree: tampering or a fork. Anchoring stops.
 */
export class AnchorDivergenceError extends VigilError {
  override name = 'AnchorDivergenceError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_ANCHOR_DIVERGED', message, options);
  }
}

/** Why a proof failed against the chain; each is a stable error code. */
export type ChainProofFailureCode =
  | 'VIGIL_PROOF_CHAIN_MISMATCH'
  | 'VIGIL_PROOF_CONTRACT_MISMATCH'
  | 'VIGIL_PROOF_BATCH_NOT_ON_CHAIN'
  | 'VIGIL_PROOF_ROOT_MISMATCH'
  | 'VIGIL_PROOF_PREV_ROOT_MISMATCH'
  | 'VIGIL_PROOF_BATCH_COUNT_MISMATCH'
  | 'VIGIL_PROOF_TX_NOT_FOUND'
  | 'VIGIL_PROOF_BLOCK_MISMATCH'
  | 'VIGIL_PROOF_EVENT_MISSING';
