import { Type } from '@sinclair/typebox';
import {
  AccessDeniedError,
  type AccessService,
  CONSENT_SCOPES,
  ConsentInvalidError,
  type ConsentRecord,
  consentId,
  findGrantee,
  GranteeUnknownError,
  listDirectory,
  type Principal,
  parseConsentId,
} from '../../access/index.ts';
import { isValidId } from '../../identity/ids.ts';
import type { VigilApp } from '../buildApp.ts';
import { BEARER, BundleSchema, ERRORS, principalOf, searchset } from './accessSupport.ts';

const ConsentResource = Type.Object({
  resourceType: Type.Literal('Consent'),
  id: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('inactive')]),
  patient: Type.Object({ reference: Type.String() }),
  grantee: Type.String(),
  scope: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  revoked: Type.Boolean(),
  grantedAt: Type.Optional(Type.String({ format: 'date-time' })),
  revokedAt: Type.Optional(Type.String({ format: 'date-time' })),
  granteeName: Type.Optional(Type.String({ description: 'from the directory' })),
  tx: Type.Optional(Type.String()),
});

function toConsent(r: Omit<ConsentRecord, 'block'>, now: number, tx?: string, granteeName?: string) {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  const grantedAt = iso(r.grantedAt);
  const revokedAt = r.revoked ? iso(r.at) : undefined;
  return {
    resourceType: 'Consent' as const,
    id: r.id,
    status: !r.revoked && r.expiresAt > now ? ('active' as const) : ('inactive' as const),
    patient: { reference: `Patient/${r.patient}` },
    grantee: r.grantee,
    scope: r.scope,
    expiresAt: new Date(r.expiresAt).toISOString(),
    revoked: r.revoked,
    ...(grantedAt ? { grantedAt } : {}),
    ...(revokedAt ? { revokedAt } : {}),
    ...(granteeName ? { granteeName } : {}),
    ...(tx ? { tx } : {}),
  };
}

/** The patient a patient or admin acts for; everyone else is refused (and audited). */
async function actingFor(access: AccessService, p: Principal, patient: string | undefined, action: string) {
  const target =
    p.role === 'patient' ? (patient === undefined || patient === 'self' ? p.patient : patient) : patient;
  const allowed =
    (p.role === 'patient' && target === p.patient) || (p.role === 'admin' && target !== undefined);
  await access.audit({
    actor: p.username,
    role: p.role,
    patient: target ?? null,
    resource: 'Consent',
    action,
    outcome: allowed ? 'allowed' : 'denied',
    reason: allowed
      ? p.role === 'patient'
        ? 'self'
        : 'admin'
      : 'only the patient or an admin manages consent',
  });
  if (!allowed || !target) throw new AccessDeniedError('only the patient or an admin manages consent');
  return target;
}

/** `POST /v1/Consent`, `DELETE /v1/Consent/{id}`, `GET /v1/Consent?patient=`: consent on ConsentRegistry. */
export async function consentRoutes(app: VigilApp, options: { access: AccessService }): Promise<void> {
  const { access } = options;
  app.post(
    '/v1/Consent',
    {
      schema: {
        tags: ['access'],
        summary: 'Grant a clinician or an organisation a scope over a patient until an expiry',
        description:
          'Patient role (for self) or admin. Recorded on ConsentRegistry; checked at every read from chain state.',
        security: BEARER,
        body: Type.Object({
          patient: Type.Optional(Type.String({ description: 'pseudonym; default self (patient role)' })),
          grantee: Type.String({ description: 'clinician grantee id (clin-…) or organisation id' }),
          scope: Type.Union(CONSENT_SCOPES.map((s) => Type.Literal(s))),
          expiresAt: Type.String({ format: 'date-time' }),
        }),
        response: { 201: ConsentResource, ...ERRORS },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const patient = await actingFor(access, p, request.body.patient, 'grant');
      const { grantee, scope } = request.body;
      const expiresAt = Date.parse(request.body.expiresAt);
      if (!isValidId(grantee)) throw new ConsentInvalidError('grantee must be a Vigil id (1-31 chars)');
      if (!isValidId(patient)) throw new ConsentInvalidError('patient must be a Vigil pseudonym');
      // Only a clinician or organisation of the directory can receive consent (no typo goes on chain).
      const entry = await findGrantee(access.db, grantee);
      if (!entry) {
        await access.audit({
          actor: p.username,
          role: p.role,
          patient,
          resource: 'Consent',
          action: 'grant',
          outcome: 'denied',
          reason: `unknown grantee ${grantee}`,
        });
        throw new GranteeUnknownError(grantee);
      }
      if (!(expiresAt > access.now())) throw new ConsentInvalidError('expiresAt must be in the future');
      const r = await access.consent.grant({ patient, grantee, scope, expiresAt });
      await access.consents.sync().catch(() => undefined);
      const record = {
        id: consentId({ patient, grantee, scope }),
        patient,
        grantee,
        scope,
        expiresAt,
        revoked: false,
      };
      return reply.code(201).send(toConsent(record, access.now(), r.tx, entry.name));
    },
  );
  app.delete(
    '/v1/Consent/:id',
    {
      schema: {
        tags: ['access'],
        summary: 'Revoke a consent (takes effect at the next block)',
        security: BEARER,
        params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
        response: { 204: Type.Null(), ...ERRORS },
      },
    },
    async (request, reply) => {
      const key = parseConsentId(request.params.id);
      if (!key) throw new ConsentInvalidError('unknown consent id', 404);
      await actingFor(access, principalOf(request), key.patient, 'revoke');
      try {
        await access.consent.revoke(key);
      } catch (error) {
        if ((error as { code?: string }).code === 'VIGIL_CHAIN_CONSENT_REGISTRY_NO_CONSENT') {
          throw new ConsentInvalidError('no live consent with this id', 404);
        }
        throw error;
      }
      await access.consents.sync().catch(() => undefined);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/v1/Consent',
    {
      schema: {
        tags: ['access'],
        summary: 'List consents (from chain events)',
        description:
          'Patient: own (patient=self). Admin and auditor: any patient. Clinician: consents granted to them.',
        security: BEARER,
        querystring: Type.Object({ patient: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: BundleSchema(ConsentResource), ...ERRORS },
      },
    },
    async (request) => {
      const p = principalOf(request);
      await access.consents.sync().catch(() => undefined);
      const asked = request.query.patient;
      let records: ConsentRecord[];
      if (p.role === 'patient') {
        const target = asked === undefined || asked === 'self' ? p.patient : asked;
        if (target !== p.patient) {
          await access.audit({
            actor: p.username,
            role: p.role,
            patient: target ?? null,
            resource: 'Consent',
            action: 'search',
            outcome: 'denied',
            reason: 'patients list only their own consents',
          });
          throw new AccessDeniedError('patients list only their own consents');
        }
        records = access.consents.list(p.patient ?? undefined);
      } else if (p.role === 'clinician') {
        records = access.consents
          .list(asked)
          .filter((r) => r.grantee === p.grantee || r.grantee === p.organisation);
      } else records = access.consents.list(asked);
      await access.audit({
        actor: p.username,
        role: p.role,
        patient: p.role === 'patient' ? p.patient : (asked ?? null),
        resource: 'Consent',
        action: 'search',
        outcome: 'allowed',
        reason: `${records.length} consents`,
      });
      const now = access.now();
      const names = new Map((await listDirectory(access.db)).map((e) => [e.grantee, e.name]));
      return searchset(
        request,
        records.map((r) => ({
          fullUrl: `Consent/${r.id}`,
          resource: toConsent(r, now, undefined, names.get(r.grantee)),
        })),
      );
    },
  );
}
