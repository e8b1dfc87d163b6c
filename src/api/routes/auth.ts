import { Type } from '@sinclair/typebox';
import { type AccessService, UnauthenticatedError } from '../../access/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { BEARER, bearerToken, ERRORS } from './accessSupport.ts';

/** `POST /v1/auth/token` (username + password → bearer token) and `DELETE /v1/auth/token` (logout). */
export async function authRoutes(app: VigilApp, options: { access: AccessService }): Promise<void> {
  const { access } = options;
  app.post(
    '/v1/auth/token',
    {
      schema: {
        tags: ['access'],
        summary: 'Log in: exchange a username and password for a bearer token',
        description:
          '401 VIGIL_CREDENTIALS_INVALID; after 5 failures in a row the account is locked for 15 minutes: ' +
          '423 VIGIL_ACCOUNT_LOCKED (details.lockedUntil). Tokens are random 32 bytes, stored hashed.',
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
    async (request) => {
      const r = await access.login(request.body.username, request.body.password);
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
      schema: {
        tags: ['access'],
        summary: 'Log out: revoke the bearer token of this request',
        security: BEARER,
        response: { 204: Type.Null(), ...ERRORS },
      },
    },
    async (request, reply) => {
      const token = bearerToken(request);
      if (!token || !(await access.logout(token)))
        throw new UnauthenticatedError('unknown or revoked bearer token');
      return reply.code(204).send(null);
    },
  );
}
