import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import { type AccessService, UnauthenticatedError } from '../../access/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { BEARER, bearerToken, ERRORS, routeOf } from './accessSupport.ts';
import { createSignInLimiter, DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from './signInLimits.ts';

/**
 * `POST /v1/auth/token` (username + password → bearer token) and `DELETE /v1/auth/token` (logout), both
 * rate-limited per client address (before the body is read) and sign-in also per account.
 */
export async function authRoutes(
  app: VigilApp,
  options: { access: AccessService; limits?: SignInLimits | undefined },
): Promise<void> {
  const { access } = options;
  const limits = options.limits ?? DEFAULT_SIGN_IN_LIMITS;
  await app.register(rateLimit, { global: false });
  const limiter = createSignInLimiter(app, access, limits);
  app.post(
    '/v1/auth/token',
    {
      onRequest: limiter.byAddress,
      schema: {
        tags: ['access'],
        summary: 'Log in: exchange a username and password for a bearer token',
        description:
          '401 VIGIL_CREDENTIALS_INVALID; after 5 failures in a row the account is locked for 15 minutes: ' +
          '423 VIGIL_ACCOUNT_LOCKED (details.lockedUntil). Tokens are random 32 bytes, stored hashed. ' +
          `At most ${limits.perAddress} attempts per client address and ${limits.perAccount} per username ` +
          `every ${limits.windowMs / 1000} s: 429 VIGIL_RATE_LIMITED with Retry-After.`,
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 64 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
        }),
        response: {
          200: Type.Object({
            access_token: Type.String(),
            token_type: Type.Literal('Bearer'),
            expires_in: Type.Integer({ description: 'seconds' }),
            role: Type.String(),
            patient: Type.Union([Type.String(), Type.Null()]),
          }),
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      await limiter.byAccount(request, reply, request.body.username);
      const r = await access.login(request.body.username, request.body.password, { address: request.ip });
      return {
        access_token: r.token,
        token_type: 'Bearer' as const,
        expires_in: Math.floor((r.expiresAt - access.now()) / 1000),
        role: r.principal.role,
        patient: r.principal.patient,
      };
    },
  );
  app.delete(
    '/v1/auth/token',
    {
      onRequest: limiter.byAddress,
      schema: {
        tags: ['access'],
        summary: 'Log out: revoke the bearer token of this request',
        security: BEARER,
        response: { 204: Type.Null(), ...ERRORS },
      },
    },
    async (request, reply) => {
      const token = bearerToken(request);
      if (!token || !(await access.logout(token))) {
        const error = new UnauthenticatedError('unknown or revoked bearer token');
        await access.auditRefusal({
          address: request.ip,
          resource: routeOf(request),
          why: token ? error.message : 'no bearer token',
        });
        throw error;
      }
      return reply.code(204).send(null);
    },
  );
}
