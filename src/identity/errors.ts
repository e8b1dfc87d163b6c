import { VigilError, type VigilErrorOptions } from '../errors/index.ts';

/** An id (device, patient pseudonym, organisation) is not 1-31 characters of `[A-Za-z0-9._-]`. */
export class InvalidIdError extends VigilError {
  override name = 'InvalidIdError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_ID_INVALID', message, options);
  }
}

/** A key (public SEC1 bytes or private PKCS#8 PEM) cannot be decoded or is not P-256. */
export class InvalidKeyError extends VigilError {
  override name = 'InvalidKeyError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_KEY_INVALID', message, options);
  }
}

/** A value has no RFC 8785 canonical form (NaN, Infinity, undefined, bigint, functions, lone surrogates…). */
export class CanonicalizationError extends VigilError {
  override name = 'CanonicalizationError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_CANONICALIZATION_FAILED', message, options);
  }
}
