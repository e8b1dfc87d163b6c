export {
  type AuditEntry,
  type AuditEntryInput,
  appendAudit,
  auditLeafBytes,
  type ListAuditParameters,
  listAudit,
} from './audit.ts';
export { type AuditBatch, anchorAuditBatches, listAuditBatches, sealAuditBatch } from './auditBatches.ts';
export { BREAK_GLASS_MS, breakGlassPatients, createBreakGlass, liveBreakGlass } from './breakGlass.ts';
export {
  type ConsentChain,
  type ConsentKey,
  type ConsentRecord,
  consentId,
  createLedgerConsent,
  parseConsentId,
  scopeId,
} from './consentChain.ts';
export {
  type AccessEvent,
  type AccessService,
  type CreateAccessServiceParameters,
  createAccessService,
} from './createAccessService.ts';
export { type ConsentCache, createConsentCache } from './createConsentCache.ts';
export { createRefusalAudit, type RefusedAuthentication } from './createRefusalAudit.ts';
export { type AccessDecision, decideAccess } from './decideAccess.ts';
export {
  type DirectoryEntry,
  findGrantee,
  listDirectory,
  setDisplayName,
  setOrganisationName,
} from './directory.ts';
export {
  AccessDeniedError,
  AccessError,
  AccountLockedError,
  AuditTamperedError,
  ConsentInvalidError,
  GranteeUnknownError,
  InvalidCredentialsError,
  PatientGoneError,
  UnauthenticatedError,
  UserInvalidError,
} from './errors.ts';
export { hashPassword, SCRYPT_PARAMS, verifyPassword } from './passwords.ts';
export {
  issueToken,
  LOCKOUT,
  type LockoutSettings,
  resolveToken,
  revokeToken,
  TOKEN_TTL_MS,
} from './sessions.ts';
export {
  type AccessDb,
  CONSENT_SCOPES,
  type ConsentScope,
  type Principal,
  ROLES,
  type Role,
} from './types.ts';
export { type CreateUserParameters, createUser, getUser, listUsers } from './users.ts';
export { type AuditIssue, type VerifyAuditReturnType, verifyAudit } from './verifyAudit.ts';
