import { VigilError, type VigilErrorOptions } from '../errors/index.ts';

/** An access-control error; `httpStatus` is what the API answers with it. */
export class AccessError extends VigilError {
  override name = 'AccessError';
  readonly httpStatus: number;
  constructor(code: string, httpStatus: number, message: string, options: VigilErrorOptions = {}) {
    super(code, message, options);
    this.httpStatus = httpStatus;
  }
}

/** No bearer token, or an unknown, expired or revoked one. */
export class UnauthenticatedError extends AccessError {
  override name = 'UnauthenticatedError';
  constructor(message = 'a valid bearer token is required', options: VigilErrorOptions = {}) {
    super('VIGIL_UNAUTHENTICATED', 401, message, options);
  }
}

/** Wrong username or password (one message for both, so usernames cannot be probed). */
export class InvalidCredentialsError extends AccessError {
  override name = 'InvalidCredentialsError';
  constructor(options: VigilErrorOptions = {}) {
    super('VIGIL_CREDENTIALS_INVALID', 401, 'invalid username or password', options);
  }
}

/** Too many failed logins: the account is locked until `details.lockedUntil`. */
export class AccountLockedError extends AccessError {
  override name = 'AccountLockedError';
  constructor(lockedUntil: number) {
    super('VIGIL_ACCOUNT_LOCKED', 423, 'too many failed logins: the account is locked', {
      details: { lockedUntil: new Date(lockedUntil).toISOString() },
    });
  }
}

/** The caller's role or consent does not allow this access. */
export class AccessDeniedError extends AccessError {
  override name = 'AccessDeniedError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_ACCESS_DENIED', 403, message, options);
  }
}

/** The patient was erased (crypto-shredded): their values are gone for good. */
export class PatientGoneError extends AccessError {
  override name = 'PatientGoneError';
  constructor(options: VigilErrorOptions = {}) {
    super('VIGIL_PATIENT_ERASED', 410, 'the patient was erased: their data can no longer be read', options);
  }
}

/** A user with this username already exists, or the user definition is invalid. */
export class UserInvalidError extends AccessError {
  override name = 'UserInvalidError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_USER_INVALID', 400, message, options);
  }
}

/** The consent request is invalid (scope, grantee, expiry) or the consent does not exist. */
export class ConsentInvalidError extends AccessError {
  override name = 'ConsentInvalidError';
  constructor(message: string, httpStatus = 400, options: VigilErrorOptions = {}) {
    super('VIGIL_CONSENT_INVALID', httpStatus, message, options);
  }
}

/** A consent names a grantee that is not in the directory (no such clinician or organisation). */
export class GranteeUnknownError extends AccessError {
  override name = 'GranteeUnknownError';
  constructor(grantee: string) {
    super(
      'VIGIL_CONSENT_GRANTEE_UNKNOWN',
      400,
      `nobody called ${grantee} can receive consent: choose a clinician or organisation from the directory`,
      {
        details: { grantee },
      },
    );
  }
}

/** The audit trail does not match its anchored roots. */
export class AuditTamperedError extends AccessError {
  override name = 'AuditTamperedError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_AUDIT_TAMPERED', 500, message, options);
  }
}
