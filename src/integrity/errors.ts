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
