import { VigilError, type VigilErrorOptions } from '../errors/index.ts';

/** A device the trust engine has never seen. */
export class TrustDeviceUnknownError extends VigilError {
  override name = 'TrustDeviceUnknownError';
  constructor(deviceId: string, options: VigilErrorOptions = {}) {
    super('VIGIL_TRUST_DEVICE_UNKNOWN', `no trust record for device ${deviceId}`, {
      ...options,
      details: { deviceId, ...options.details },
    });
  }
}

/** Reinstating a device that is not quarantined, or with an unusable reason. */
export class TrustActionError extends VigilError {
  override name = 'TrustActionError';
  constructor(
    code: 'VIGIL_TRUST_NOT_QUARANTINED' | 'VIGIL_TRUST_REASON_INVALID',
    message: string,
    options: VigilErrorOptions = {},
  ) {
    super(code, message, options);
  }
}

/** The persisted trust state could not be read. */
export class TrustStateError extends VigilError {
  override name = 'TrustStateError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_TRUST_STATE_INVALID', message, options);
  }
}
