import { isValidId } from '../identity/ids.ts';
import { UserInvalidError } from './errors.ts';
import { hashPassword } from './passwords.ts';
import { type AccessDb, type Principal, ROLES, type Role } from './types.ts';

/** Parameters of {@link createUser}. */
export type CreateUserParameters = {
  username: string;
  role: Role;
  password: string;
  /** Required for (and only for) patient users. */
  patient?: string | undefined;
  /** Clinicians: grantee id (default `clin-<username>`). */
  grantee?: string | undefined;
  /** Clinicians: organisation id (required). */
  organisation?: string | undefined;
  now?: number;
};

const USERNAME = /^[a-z0-9._-]{2,64}$/;

/** Creates a user with an scrypt password hash; throws {@link UserInvalidError} on bad input or a taken name. */
export async function createUser(db: AccessDb, params: CreateUserParameters): Promise<Principal> {
  const { username, role } = params;
  if (!USERNAME.test(username)) throw new UserInvalidError('username: 2-64 of a-z 0-9 . _ -');
  if (!ROLES.includes(role)) throw new UserInvalidError(`role must be one of ${ROLES.join(', ')}`);
  if (params.password.length < 12)
    throw new UserInvalidError('the password must have at least 12 characters');
  let patient: string | null = null;
  let grantee: string | null = null;
  let organisation: string | null = null;
  if (role === 'patient') {
    if (!isValidId(params.patient)) throw new UserInvalidError('a patient user needs --patient PSEUDONYM');
    patient = params.patient;
  } else if (params.patient !== undefined) {
    throw new UserInvalidError('only patient users are bound to a pseudonym');
  }
  if (role === 'clinician') {
    grantee = params.grantee ?? `clin-${username}`;
    if (!isValidId(grantee))
      throw new UserInvalidError('the grantee id must be a valid Vigil id (1-31 chars)');
    if (!isValidId(params.organisation)) throw new UserInvalidError('a clinician needs --organisation ORG');
    organisation = params.organisation;
  }
  const hash = await hashPassword(params.password);
  const changed = await db.run(
    `INSERT INTO access_users (username, role, password_hash, patient, grantee, organisation, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING`,
    [username, role, hash, patient, grantee, organisation, params.now ?? Date.now()],
  );
  if (changed === 0) throw new UserInvalidError(`user ${username} already exists`);
  return { username, role, patient, grantee, organisation };
}

/** A user row with its secrets (internal to src/access). */
export type UserRow = Principal & { passwordHash: string; failedLogins: number; lockedUntil: number | null };

/** Reads one user; null when unknown. */
export async function getUser(db: AccessDb, username: string): Promise<UserRow | null> {
  const [r] = await db.all<Record<string, unknown>>(
    `SELECT username, role, password_hash, patient, grantee, organisation, failed_logins, locked_until
     FROM access_users WHERE username = ?`,
    [username],
  );
  if (!r) return null;
  return {
    username: r.username as string,
    role: r.role as Role,
    patient: (r.patient as string | null) ?? null,
    grantee: (r.grantee as string | null) ?? null,
    organisation: (r.organisation as string | null) ?? null,
    passwordHash: r.password_hash as string,
    failedLogins: Number(r.failed_logins),
    lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
  };
}

/** Lists users without secrets. */
export async function listUsers(db: AccessDb): Promise<Principal[]> {
  const rows = await db.all<Record<string, unknown>>(
    'SELECT username, role, patient, grantee, organisation FROM access_users ORDER BY username',
  );
  return rows.map((r) => ({
    username: r.username as string,
    role: r.role as Role,
    patient: (r.patient as string | null) ?? null,
    grantee: (r.grantee as string | null) ?? null,
    organisation: (r.organisation as string | null) ?? null,
  }));
}
