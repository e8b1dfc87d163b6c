import { type Static, Type } from '@sinclair/typebox';
import {
  AccessDeniedError,
  type AccessService,
  type AuditEntry,
  type ListAuditParameters,
  listAudit,
  type Principal,
} from '../../access/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { BEARER, BundleSchema, ERRORS, PagingQuery, principalOf, searchset } from './accessSupport.ts';
import { parseDateParams } from './clinicalObservations.ts';

const AuditEventResource = Type.Object(
  {
    resourceType: Type.Literal('AuditEvent'),
    id: Type.String(),
    recorded: Type.String({ format: 'date-time' }),
    action: Type.String(),
    outcome: Type.String({ description: "'0' success, '4' denied" }),
  },
  { additionalProperties: true },
);

const BREAK_GLASS_TAG = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  code: 'BTG',
  display: 'break the glass',
};

/** An audit entry as a FHIR AuditEvent (no values: who, role, patient, resource, action, outcome, why). */
export function toAuditEvent(e: AuditEntry) {
  return {
    resourceType: 'AuditEvent' as const,
    id: String(e.id),
    ...(e.breakGlass ? { meta: { security: [BREAK_GLASS_TAG] } } : {}),
    type: { code: e.resource === 'auth' ? 'login' : 'rest', display: e.action },
    subtype: [{ code: e.action }],
    action: e.action === 'grant' || e.action === 'break-glass' ? 'C' : e.action === 'revoke' ? 'D' : 'R',
    recorded: new Date(e.at).toISOString(),
    outcome: e.outcome === 'allowed' ? '0' : '4',
    outcomeDesc: e.reason,
    agent: [{ who: { identifier: { value: e.actor } }, role: [{ text: e.role }], requestor: true }],
    entity: [
      ...(e.patient ? [{ what: { reference: `Patient/${e.patient}` } }] : []),
      { what: { display: e.resource } },
    ],
    breakGlass: e.breakGlass,
    ...(e.batchSeq === null ? {} : { batch: { seq: e.batchSeq, index: e.batchIndex } }),
  };
}

/** Filters of the audit search and export (the patient's own trail, or any for auditors). */
export const AuditQuery = Type.Object({
  patient: Type.Optional(Type.String({ maxLength: 64, description: 'pseudonym, or self (patients)' })),
  actor: Type.Optional(Type.String({ maxLength: 64, description: 'username' })),
  outcome: Type.Optional(Type.Union([Type.Literal('allowed'), Type.Literal('denied')])),
  date: Type.Optional(
    Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 2 })], {
      description: 'geISO / ltISO bounds on the time',
    }),
  ),
  'break-glass': Type.Optional(Type.Boolean({ description: 'only emergency accesses' })),
  ...PagingQuery,
});

/**
 * Checks and audits who may read which audit trail (auditors any, a patient their own) and turns the
 * query into {@link listAudit} filters.
 */
export async function auditFilters(
  access: AccessService,
  p: Principal,
  q: Static<typeof AuditQuery>,
  action: string,
): Promise<Omit<ListAuditParameters, 'limit'>> {
  const patient =
    p.role === 'patient' && (q.patient === undefined || q.patient === 'self') ? p.patient : q.patient;
  const allowed = p.role === 'auditor' || (p.role === 'patient' && patient === p.patient);
  await access.audit({
    actor: p.username,
    role: p.role,
    patient: patient ?? null,
    resource: 'AuditEvent',
    action,
    outcome: allowed ? 'allowed' : 'denied',
    reason: allowed
      ? p.role === 'auditor'
        ? 'auditor'
        : 'self'
      : 'audit trails are for auditors and the patient',
  });
  if (!allowed) throw new AccessDeniedError('audit trails are for auditors and the patient concerned');
  const dates = parseDateParams(q.date);
  return {
    ...(patient ? { patient } : {}),
    ...(q.actor === undefined ? {} : { actor: q.actor }),
    ...(q.outcome === undefined ? {} : { outcome: q.outcome }),
    ...(dates.from === undefined ? {} : { from: dates.from }),
    ...(dates.to === undefined ? {} : { to: dates.to }),
    ...(q['break-glass'] === undefined ? {} : { breakGlass: q['break-glass'] }),
  };
}

/** `GET /v1/AuditEvent`: auditors any (filtered by patient, user, outcome, time, break-glass), a patient their own. */
export async function auditEventRoutes(app: VigilApp, options: { access: AccessService }): Promise<void> {
  const { access } = options;
  app.get(
    '/v1/AuditEvent',
    {
      schema: {
        tags: ['access'],
        summary: 'The audit trail: who accessed which patient, when, allowed or denied, and why',
        description:
          'Auditor: any (patient, actor, outcome, date=ge…&date=lt…, break-glass filters). Patient: their own ' +
          '(patient=self). Newest first; follow the next link to page through everything.',
        security: BEARER,
        querystring: AuditQuery,
        response: { 200: BundleSchema(AuditEventResource), ...ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      const filters = await auditFilters(access, principalOf(request), q, 'search');
      const count = q._count ?? 50;
      const rows = await listAudit(access.db, {
        ...filters,
        limit: count + 1,
        ...(q.cursor === undefined ? {} : { beforeId: Number(q.cursor) }),
      });
      const page = rows.slice(0, count);
      return searchset(
        request,
        page.map((e) => ({ fullUrl: `AuditEvent/${e.id}`, resource: toAuditEvent(e) })),
        rows.length > count ? { cursor: String(page.at(-1)!.id) } : undefined,
      );
    },
  );
}
