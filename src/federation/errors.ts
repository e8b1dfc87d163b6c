import { VigilError, type VigilErrorOptions } from '../errors/index.ts';

/** Why one hospital's update was refused; each is a stable code (CLI JSON, logs, trust evidence). */
export const UPDATE_REJECTION_CODES = {
  VIGIL_FL_UPDATE_NOT_FINITE: 'the update holds NaN or an infinity',
  VIGIL_FL_UPDATE_SHAPE_MISMATCH: 'the update does not have the model’s number of parameters',
  VIGIL_FL_UPDATE_SAMPLES_INVALID: 'the reported number of training patients is not a positive integer',
  VIGIL_FL_UPDATE_DUPLICATE: 'the hospital already sent an update this round',
  VIGIL_FL_UPDATE_WRONG_ROUND: 'the update was made for another round',
  VIGIL_FL_HOSPITAL_INVALID: 'the hospital id is not a valid organisation id',
  VIGIL_FL_HOSPITAL_EXCLUDED:
    'the hospital is excluded from this federation (trust below the threshold) or suspended',
} as const;

/** A stable code of a refused update. */
export type UpdateRejectionCode = keyof typeof UPDATE_REJECTION_CODES;

/** One hospital's update was refused (adversarial or broken input); the round goes on without it. */
export class UpdateRejectedError extends VigilError {
  override name = 'UpdateRejectedError';
  override readonly code: UpdateRejectionCode;
  constructor(code: UpdateRejectionCode, hospitalId: string, options: VigilErrorOptions = {}) {
    super(code, `update from ${hospitalId} refused: ${UPDATE_REJECTION_CODES[code]}`, {
      ...options,
      details: { hospitalId, ...options.details },
    });
    this.code = code;
  }
}

/** An aggregator cannot run on what it was given (too few updates for its rule, zero total weight). */
export class AggregationError extends VigilError {
  override name = 'AggregationError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_FL_TOO_FEW_UPDATES', message, options);
  }
}

/** A federation setting is invalid (unknown aggregator, parameter out of range, DP with a robust rule). */
export class FederationConfigError extends VigilError {
  override name = 'FederationConfigError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_FL_CONFIG_INVALID', message, options);
  }
}

/** Fewer hospitals answered a round than its quorum. */
export class QuorumError extends VigilError {
  override name = 'QuorumError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_FL_QUORUM_NOT_MET', message, options);
  }
}

/** A federated model file is missing, malformed or of another format. */
export class FederatedModelError extends VigilError {
  override name = 'FederatedModelError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_FL_MODEL_INVALID', message, options);
  }
}
