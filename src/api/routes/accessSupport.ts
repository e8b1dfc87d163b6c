import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessError, type AccessService, type Principal, UnauthenticatedError } from '../../access/index.ts';
import { isValidId } from '../../identity/ids.ts';
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

/** `GET /v1/Patient`: the method and route of a request, as the audit trail names it. */
export function routeOf(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
}

/**
 * An `onRequest` hook resolving the bearer token to its user, so that an unauthenticated request is
 * answered 401 before its body is read or validated. Refusals are audited with the client address
 * (never the token).
 */
export function authenticate(access: AccessService) {
  return async (request: FastifyRequest) => {
    const token = bearerToken(request);
    try {
      if (!token) throw new UnauthenticatedError();
      principals.set(request, await access.authenticate(token));
    } catch (error) {
      if (error instanceof UnauthenticatedError) {
        await access.auditRefusal({
          address: request.ip,
          resource: routeOf(request),
          why: token ? error.message : 'no bearer token',
        });
      }
      throw error;
    }
  };
}

/** A pseudonym named by a request: 400 (with the parameter's path) when it cannot be a Vigil id. */
export function checkPatientId(id: string, path: string): string {
  if (!isValidId(id)) {
    throw new ApiError('VIGIL_REQUEST_INVALID', 400, 'invalid patient pseudonym: 1-31 of A-Z a-z 0-9 . _ -', {
      details: { path },
    });
  }
  return id;
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
  app.addHook('onRequest', authenticate(access));
  const acknowledging = new WeakMap<FastifyRequest, Principal>();
  app.addHook('preHandler', async (request) => {
    const p = principalOf(request);
    const url = request.routeOptions.url ?? '';
    const params = request.params as Record<string, string | undefined>;
    const query = request.query as Record<string, string | undefined>;
    if (url === '/v1/Flag/:id/$acknowledge') {
      if (p.role !== 'clinician') {
        await access.audit({
          actor: p.username,
          role: p.role,
          patient: null,
          resource: 'Flag',
          action: 'acknowledge',
          outcome: 'denied',
          reason: 'only clinicians acknowledge alerts',
        });
        throw new AccessError('VIGIL_ACCESS_DENIED', 403, 'only clinicians acknowledge alerts');
      }
      // The acknowledger is who signed in, whatever the body says; the outcome is audited on the answer.
      (request.body as { who: string }).who = p.username;
      acknowledging.set(request, p);
      return;
    }
    const live = url === '/v1/Patient/:pseudonym/$live';
    const named = live ? params.pseudonym : query.patient;
    if (named !== undefined && named !== 'self') checkPatientId(named, live ? '/pseudonym' : '/patient');
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
  // An acknowledgement is audited with what happened (404 for an unknown alert is not "allowed").
  app.addHook('onSend', async (request, reply, payload) => {
    const p = acknowledging.get(request);
    if (!p) return payload;
    const ok = reply.statusCode < 400;
    let body: { subject?: { reference?: string }; issue?: { details?: { coding?: { code?: string }[] } }[] } =
      {};
    try {
      body = JSON.parse(String(payload));
    } catch {
      // Not JSON: the status alone says what happened.
    }
    const code = body.issue?.[0]?.details?.coding?.[0]?.code ?? `HTTP ${reply.statusCode}`;
    await access.audit({
      actor: p.username,
      role: p.role,
      patient: ok ? (/^Patient\/(.+)$/.exec(body.subject?.reference ?? '')?.[1] ?? null) : null,
      resource: 'Flag',
      action: 'acknowledge',
      outcome: ok ? 'allowed' : 'denied',
      reason: ok ? 'clinician' : `${code}: not acknowledged`,
    });
    return payload;
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
  app.addHook('onRequest', authenticate(access));
  app.addHook('preHandler', async (request) => {
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
