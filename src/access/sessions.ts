import { createHash, randomBytes } from 'node:crypto';
import { AccountLockedError, InvalidCredentialsError, UnauthenticatedError } from './errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { AccessDb, Principal } from './types.ts';
import { getUser } from './users.ts';

/** Default lock-out: failed sign-ins in a row before the account locks, and for how long. */
export const LOCKOUT = { maxFailures: 5, lockMs: 15 * 60_000 } as const;
/** Default lifetime of a bearer token. */
export const TOKEN_TTL_MS = 8 * 60 * 60_000;

/** Lock-out settings (configuration `VIGIL_AUTH_LOCK_AFTER`, `VIGIL_AUTH_LOCK_MINUTES`). */
export type LockoutSettings = { maxFailures: number; lockMs: number };

const sha256 = (s: string) => createHash('sha256').update(s).digest();
let dummyHash: Promise<string> | undefined;

export type IssueTokenParameters = {
  username: string;
  password: string;
  now?: number;
  ttlMs?: number;
  lockout?: LockoutSettings;
};
export type IssueTokenReturnType = { token: string; expiresAt: number; principal: Principal };

/**
 * Counts one sign-in attempt against the account in a single statement, before the password is
 * checked: concurrent attempts each get their own number, so no interleaving of awaits lets more than
 * `maxFailures` passwords be tried per lock period. An expired lock starts a fresh count.
 */
async function reserveAttempt(
  db: AccessDb,
  username: string,
  now: number,
): Promise<{ attempt: number; lockedUntil: number | null } | null> {
  const [r] = await db.all<Record<string, unknown>>(
    `UPDATE access_users SET
       failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN 1 ELSE failed_logins + 1 END,
       locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN NULL ELSE locked_until END
     WHERE username = ? RETURNING failed_logins, locked_until`,
    [now, now, username],
  );
  if (!r) return null;
  return {
    attempt: Number(r.failed_logins),
    lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
  };
}

/** Locks the account (unless a lock is already set) and returns the lock's end. */
async function lockAccount(db: AccessDb, username: string, until: number): Promise<number> {
  const [r] = await db.all<Record<string, unknown>>(
    `UPDATE access_users SET locked_until = CASE WHEN locked_until IS NULL THEN ? ELSE locked_until END
     WHERE username = ? RETURNING locked_until`,
    [until, username],
  );
  return r ? Number(r.locked_until) : until;
}

/**
 * Checks a username and password and issues a random 32-byte bearer token (stored only as its SHA-256).
 * `lockout.maxFailures` failures in a row lock the account for `lockout.lockMs` ({@link AccountLockedError},
 * even with the right password); attempts are counted atomically before the password check, so
 * concurrent attempts cannot overrun the limit. Unknown users cost the same scrypt work as known ones.
 */
export async function issueToken(db: AccessDb, params: IssueTokenParameters): Promise<IssueTokenReturnType> {
  const now = params.now ?? Date.now();
  const { maxFailures, lockMs } = params.lockout ?? LOCKOUT;
  const user = await getUser(db, params.username);
  const reserved = user ? await reserveAttempt(db, user.username, now) : null;
  if (!user || !reserved) {
    dummyHash ??= hashPassword('not-a-password-of-anyone');
    await verifyPassword(params.password, await dummyHash);
    throw new InvalidCredentialsError();
  }
  if (reserved.lockedUntil !== null && reserved.lockedUntil > now)
    throw new AccountLockedError(reserved.lockedUntil);
  // Attempts beyond the budget (still in flight or failed) lock the account without a password check.
  if (reserved.attempt > maxFailures)
    throw new AccountLockedError(await lockAccount(db, user.username, now + lockMs));
  if (!(await verifyPassword(params.password, user.passwordHash))) {
    if (reserved.attempt >= maxFailures) {
      throw new AccountLockedError(await lockAccount(db, user.username, now + lockMs));
    }
    throw new InvalidCredentialsError({ details: { remainingAttempts: maxFailures - reserved.attempt } });
  }
  // A lock set meanwhile by concurrent failures stays: it reflects them.
  await db.run('UPDATE access_users SET failed_logins = 0 WHERE username = ? AND locked_until IS NULL', [
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
