import { createHash, randomBytes } from 'node:crypto';
import { AccountLockedError, InvalidCredentialsError, UnauthenticatedError } from './errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { AccessDb, Principal } from './types.ts';
import { getUser } from './users.ts';

/** Failed logins before the account locks, and for how long. */
export const LOCKOUT = { maxFailures: 5, lockMs: 15 * 60_000 } as const;
/** Default lifetime of a bearer token. */
export const TOKEN_TTL_MS = 8 * 60 * 60_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest();
let dummyHash: Promise<string> | undefined;

export type IssueTokenParameters = { username: string; password: string; now?: number; ttlMs?: number };
export type IssueTokenReturnType = { token: string; expiresAt: number; principal: Principal };

/**
 * Checks a username and password and issues a random 32-byte bearer token (stored only as its SHA-256).
 * Five failures in a row lock the account for 15 minutes ({@link AccountLockedError}, even with the
 * right password); unknown users cost the same scrypt work as known ones.
 */
export async function issueToken(db: AccessDb, params: IssueTokenParameters): Promise<IssueTokenReturnType> {
  const now = params.now ?? Date.now();
  const user = await getUser(db, params.username);
  if (!user) {
    dummyHash ??= hashPassword('not-a-password-of-anyone');
    await verifyPassword(params.password, await dummyHash);
    throw new InvalidCredentialsError();
  }
  if (user.lockedUntil !== null && user.lockedUntil > now) throw new AccountLockedError(user.lockedUntil);
  const failedSoFar = user.lockedUntil !== null ? 0 : user.failedLogins;
  if (!(await verifyPassword(params.password, user.passwordHash))) {
    const failures = failedSoFar + 1;
    const lock = failures >= LOCKOUT.maxFailures ? now + LOCKOUT.lockMs : null;
    await db.run('UPDATE access_users SET failed_logins = ?, locked_until = ? WHERE username = ?', [
      lock === null ? failures : 0,
      lock,
      user.username,
    ]);
    if (lock !== null) throw new AccountLockedError(lock);
    throw new InvalidCredentialsError({ details: { remainingAttempts: LOCKOUT.maxFailures - failures } });
  }
  await db.run('UPDATE access_users SET failed_logins = 0, locked_until = NULL WHERE username = ?', [
    user.username,
  ]);
  const token = `vgl_${randomBytes(32).toString('base64url')}`;
  const expiresAt = now + (params.ttlMs ?? TOKEN_TTL_MS);
  await db.run(
    'INSERT INTO access_tokens (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)',
    [sha256(token), user.username, now, expiresAt],
  );
  const { passwordHash: _h, failedLogins: _f, lockedUntil: _l, ...principal } = user;
  return { token, expiresAt, principal };
}

/** Resolves a bearer token to its user; {@link UnauthenticatedError} when unknown or expired. */
export async function resolveToken(db: AccessDb, token: string, now = Date.now()): Promise<Principal> {
  const [r] = await db.all<Record<string, unknown>>(
    `SELECT u.username, u.role, u.patient, u.grantee, u.organisation, t.expires_at
     FROM access_tokens t JOIN access_users u ON u.username = t.username WHERE t.token_hash = ?`,
    [sha256(token)],
  );
  if (!r) throw new UnauthenticatedError('unknown or revoked bearer token');
  if (Number(r.expires_at) <= now) throw new UnauthenticatedError('the bearer token has expired');
  return {
    username: r.username as string,
    role: r.role as Principal['role'],
    patient: (r.patient as string | null) ?? null,
    grantee: (r.grantee as string | null) ?? null,
    organisation: (r.organisation as string | null) ?? null,
  };
}

/** Revokes a bearer token (logout); true when it existed. */
export async function revokeToken(db: AccessDb, token: string): Promise<boolean> {
  return (await db.run('DELETE FROM access_tokens WHERE token_hash = ?', [sha256(token)])) > 0;
}
