import type { Driver } from '../store/index.ts';

/** The four roles of the clinical API. */
export const ROLES = ['admin', 'clinician', 'patient', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Consent scopes a patient may grant (bytes32 ids on ConsentRegistry). */
export const CONSENT_SCOPES = ['read:vitals', 'read:alerts', 'research'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

/** An authenticated caller. */
export type Principal = {
  username: string;
  role: Role;
  /** Patient users: the pseudonym they are bound to. */
  patient: string | null;
  /** Clinicians: the id consent is granted to (e.g. `clin-ana`). */
  grantee: string | null;
  /** Clinicians: their organisation (a consent may name it instead of the clinician). */
  organisation: string | null;
};

/** The SQL connection the access tables live in (the store's). */
export type AccessDb = Pick<Driver, 'all' | 'rows' | 'run' | 'insertRowid' | 'transaction' | 'dialect'>;
