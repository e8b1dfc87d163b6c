import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AccessService, getUser } from '../../access/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { ApiError } from '../errors.ts';

/** Credential attempts allowed per window, per client address and per account (configuration `VIGIL_AUTH_RATE_*`). */
export type SignInLimits = { perAddress: number; perAccount: number; windowMs: number };

/** Default sign-in limits: 30 attempts per address and 10 per account per minute. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAddress: 30, perAccount: 10, windowMs: 60_000 };

/** Too many credential attempts: `details.per` says which limit, `Retry-After` when to try again. */
export class RateLimitedError extends ApiError {
  override name = 'RateLimitedError';
  constructor(per: 'address' | 'account', limit: number, retryAfterSeconds: number) {
    super('VIGIL_RATE_LIMITED', 429, `too many sign-in attempts for this ${per}: retry later`, {
      details: { per, limit, retryAfterSeconds },
    });
  }
}

/** The checks the credential routes run; each throws {@link RateLimitedError} once its limit is spent. */
export type SignInLimiter = {
  /** Counts an attempt of the request's address (every credential route, before its body is read). */
  byAddress(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Counts an attempt on `username`, known or not (the answer must not tell which). */
  byAccount(request: FastifyRequest, reply: FastifyReply, username: string): Promise<void>;
};

/**
 * Builds the per-address and per-account limits of the credential routes on `@fastify/rate-limit`'s
 * store (registered on `app` beforehand). Every attempt counts, the right password included, and is
 * counted before any work, so concurrent attempts cannot overrun a limit. A throttled key is audited
 * once per window (the first refused attempt), not once per refusal, so a flood cannot fill the trail.
 */
export function createSignInLimiter(
  app: VigilApp,
  access: AccessService,
  limits: SignInLimits,
): SignInLimiter {
  const timeWindow = limits.windowMs;
  const address = app.createRateLimit({ max: limits.perAddress, timeWindow });
  const account = app.createRateLimit({
    max: limits.perAccount,
    timeWindow,
    keyGenerator: (request) =>
      `account:${String((request.body as { username?: unknown }).username).toLowerCase()}`,
  });
  const audited = new Map<string, number>();

  const refuse = async (
    request: FastifyRequest,
    reply: FastifyReply,
    per: 'address' | 'account',
    result: { key: string; ttl?: number; ttlInSeconds?: number },
    username?: string,
  ): Promise<never> => {
    const now = Date.now();
    const retryAfter = Math.max(1, result.ttlInSeconds ?? Math.ceil(timeWindow / 1000));
    if ((audited.get(`${per}\u0000${result.key}`) ?? 0) <= now) {
      if (audited.size > 10_000) for (const [k, until] of audited) if (until <= now) audited.delete(k);
      audited.set(`${per}\u0000${result.key}`, now + (result.ttl ?? timeWindow));
      const known = username !== undefined && (await getUser(access.db, username).catch(() => null)) !== null;
      await access.audit({
        actor: known ? username : per === 'account' ? '(unknown user)' : '(anonymous)',
        role: 'anonymous',
        patient: null,
        resource: 'auth',
        action: request.method === 'DELETE' ? 'logout' : 'login',
        outcome: 'denied',
        reason: `VIGIL_RATE_LIMITED per ${per} from ${request.ip}: further attempts this window are refused unaudited`,
      });
    }
    reply.header('retry-after', String(retryAfter));
    throw new RateLimitedError(per, per === 'address' ? limits.perAddress : limits.perAccount, retryAfter);
  };

  return {
    async byAddress(request, reply) {
      const r = await address(request);
      if (!r.isAllowed && r.isExceeded) await refuse(request, reply, 'address', r);
    },
    async byAccount(request, reply, username) {
      const r = await account(request);
      if (!r.isAllowed && r.isExceeded) await refuse(request, reply, 'account', r, username);
    },
  };
}
