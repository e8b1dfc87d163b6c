import { VigilError, type VigilErrorOptions } from '../errors/index.ts';

/** Input to a membership operation is invalid (checked before anything is sent to the chain). */
export class ConsortiumInputError extends VigilError {
  override name = 'ConsortiumInputError';
  constructor(
    code:
      | 'VIGIL_CONSORTIUM_INVALID_ENDPOINT'
      | 'VIGIL_CONSORTIUM_INVALID_REASON'
      | 'VIGIL_CONSORTIUM_INVALID_ACCOUNT',
    message: string,
    options: VigilErrorOptions = {},
  ) {
    super(code, message, options);
  }
}

/** This data directory's chain account operates no gateway of the consortium (or not the one named). */
export class NotAGatewayError extends VigilError {
  override name = 'NotAGatewayError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_CONSORTIUM_NOT_A_GATEWAY', message, options);
  }
}
