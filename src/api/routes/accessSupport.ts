import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessError, type AccessService, type Principal, UnauthenticatedError } from '../../access/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { ApiError } from '../errors.ts';
import { OperationOutcomeSchema } from '../schemas.ts';
import { toOperationOutcome } from '../toOperationOutcome.ts';

/** OpenAPI security requirement of every authenticated route. */
export const BEARER = [{ bearerAuth: [] }];

/** Error responses every access route documents. */
export const ERRORS = { '4xx': OperationOutcomeSchema, '5xx': OperationOutcomeSchema } as const;

const principals = new WeakMap<FastifyRequest, Principal>();

/** The authenticated caller of a request (set by {@link authenticate}). */
export function principalOf(request: FastifyRequest): Principal {
  const p = principals.get(request);
  if (!p) throw new UnauthenticatedError();
  return p;
}

/** The bearer token of a request, or undefined. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m?.[1];
}

/** A preHandler that resolves the bearer token to its user (401 without one). */
export function authenticate(access: AccessService) {
  return async (request: FastifyRequest) => {
    const token = bearerToken(request);
    if (!token) throw new UnauthenticatedError();
    principals.set(request, await access.authenticate(token));
  };
}

/**
 * A preHandler for routes other areas own (alerts, live streams): authenticates, then checks and audits
 * `scope` access to the patient named by `patientOf(request)`.
 */
export function requirePatientAccess(
  access: AccessService,
  params: {
    scope: 'read:vitals' | 'read:alerts';
    resource: string;
    patientOf: (request: FastifyRequest) => string | undefined;
  },
) {
  const auth = authenticate(access);
  return async (request: FastifyRequest) => {
    await auth(request);
    const principal = principalOf(request);
    const patient = params.patientOf(request) ?? principal.patient ?? undefined;
    if (!patient) throw new ApiError('VIGIL_REQUEST_INVALID', 400, 'a patient is required');
    await access.authorize(principal, {
      patient,
      scope: params.scope,
      resource: params.resource,
      action: 'read',
    });
  };
}

/** Answers access errors with their status (401 with a Bearer challenge), everything else as usual. */
export function useAccessErrors(app: VigilApp): void {
  app.setErrorHandler((error: unknown, request, reply: FastifyReply) => {
    const mapped =
      error instanceof AccessError
        ? new ApiError(
            error.code,
            error.httpStatus,
            error.message,
            error.details ? { details: error.details } : {},
          )
        : error;
    const { statusCode, body } = toOperationOutcome(mapped);
    if (statusCode >= 500) request.log.error({ code: (error as { code?: unknown }).code }, 'request failed');
    if (statusCode === 401) reply.header('www-authenticate', 'Bearer realm="vigil"');
    return reply.code(statusCode).type('application/fhir+json').send(body);
  });
}

/** A FHIR searchset Bundle with self/next links. */
export function searchset(
  request: FastifyRequest,
  entries: { fullUrl: string; resource: unknown }[],
  next?: Record<string, string>,
) {
  const base = request.url.split('?')[0]!;
  const link = [{ relation: 'self', url: request.url }];
  if (next) {
    const q = new URLSearchParams(request.query as Record<string, string>);
    for (const [k, v] of Object.entries(next)) q.set(k, v);
    link.push({ relation: 'next', url: `${base}?${q.toString()}` });
  }
  return { resourceType: 'Bundle' as const, type: 'searchset' as const, link, entry: entries };
}

/** Bundle schema for the docs (resource shapes documented loosely: they are FHIR resources). */
export const BundleSchema = (resource: TSchema) =>
  Type.Object({
    resourceType: Type.Literal('Bundle'),
    type: Type.Literal('searchset'),
    link: Type.Array(Type.Object({ relation: Type.String(), url: Type.String() })),
    entry: Type.Array(Type.Object({ fullUrl: Type.String(), resource })),
  });

/** Paging: `_count` (1-500, default 50) and an opaque `cursor`. */
export const PagingQuery = {
  _count: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'from the next link' })),
};

/**
 * Puts the clinical-alert routes (another area's plugins) behind bearer auth and request-time consent:
 * `$live` and `/v1/stream` need read:vitals of the patient, `/v1/Flag` read:alerts (a patient defaults to
 * self), acknowledging is for clinicians. Every decision is audited.
 */
export function guardAlertRoutes(app: VigilApp, access: AccessService): void {
  useAccessErrors(app);
  const auth = authenticate(access);
  app.addHook('preHandler', async (request) => {
    await auth(request);
    const p = principalOf(request);
    const url = request.routeOptions.url ?? '';
    const params = request.params as Record<string, string | undefined>;
    const query = request.query as Record<string, string | undefined>;
    if (url === '/v1/Flag/:id/$acknowledge') {
      const allowed = p.role === 'clinician';
      await access.audit({
        actor: p.username,
        role: p.role,
        patient: null,
        resource: 'Flag',
        action: 'acknowledge',
        outcome: allowed ? 'allowed' : 'denied',
        reason: allowed ? 'clinician' : 'only clinicians acknowledge alerts',
      });
      if (!allowed) throw new AccessError('VIGIL_ACCESS_DENIED', 403, 'only clinicians acknowledge alerts');
      return;
    }
    const live = url === '/v1/Patient/:pseudonym/$live';
    const named = live ? params.pseudonym : query.patient;
    const patient = named === undefined || named === 'self' ? (p.patient ?? undefined) : named;
    if (!patient)
      throw new ApiError('VIGIL_REQUEST_INVALID', 400, 'patient is required', {
        details: { path: '/patient' },
      });
    if (!live && query.patient !== patient) query.patient = patient;
    const scope = url === '/v1/Flag' ? 'read:alerts' : 'read:vitals';
    const resource = url === '/v1/Flag' ? 'Flag' : live ? 'Patient/$live' : 'stream';
    await access.authorize(p, { patient, scope, resource, action: 'read' });
  });
}

/**
 * Puts the inclusion-proof route behind bearer auth: a proof carries the signed reading (values), so it
 * needs read:vitals of the reading's patient, checked and audited like an Observation read.
 */
export function guardProofRoute(
  app: VigilApp,
  access: AccessService,
  store: { getReading(id: string): Promise<{ patient: string } | null> },
): void {
  useAccessErrors(app);
  const auth = authenticate(access);
  app.addHook('preHandler', async (request) => {
    await auth(request);
    const { id } = request.params as { id?: string };
    const reading = id ? await store.getReading(id) : null;
    // Unknown ids fall through to the route's own 404.
    if (!reading) return;
    await access.authorize(principalOf(request), {
      patient: reading.patient,
      scope: 'read:vitals',
      resource: 'Observation/$proof',
      action: 'read',
    });
  });
}
