import { VigilError, type VigilErrorOptions } from '../errors/index.ts';

/** The verification pool failed (a worker crashed) or was used after `stop()`; a system fault, not a rejection. */
export class VerifyPoolError extends VigilError {
  override name = 'VerifyPoolError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_VERIFY_POOL_FAILED', message, options);
  }
}
