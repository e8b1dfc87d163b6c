import { Type } from '@sinclair/typebox';
import { AccessDeniedError, type AccessService, type AuditEntry, listAudit } from '../../access/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { BEARER, ERRORS, principalOf } from './accessSupport.ts';
import { AuditQuery, auditFilters } from './auditEvents.ts';

const COLUMNS = [
  'id',
  'time',
  'actor',
  'role',
  'patient',
  'resource',
  'action',
  'outcome',
  'break_glass',
  'reason',
];

/** One CSV field (RFC 4180 quoting; a leading = + - @ is prefixed so spreadsheets never run it). */
export function csvField(value: string | number | boolean | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const row = (e: AuditEntry) => ({
  id: e.id,
  time: new Date(e.at).toISOString(),
  actor: e.actor,
  role: e.role,
  patient: e.patient,
  resource: e.resource,
  action: e.action,
  outcome: e.outcome,
  break_glass: e.breakGlass,
  reason: e.reason,
});

/**
 * `GET /v1/AuditEvent/$export?format=csv|ndjson` (every matching entry, same filters and rights as the
 * search) and `POST /v1/AuditEvent/$verify` (auditors and admins: re-derive every audit batch and compare
 * it with AuditLog on chain).
 */
export async function auditExportRoutes(app: VigilApp, options: { access: AccessService }): Promise<void> {
  const { access } = options;
  app.get(
    '/v1/AuditEvent/$export',
    {
      schema: {
        tags: ['access'],
        summary: 'Export the (filtered) audit trail as CSV or NDJSON, every page',
        security: BEARER,
        querystring: Type.Intersect([
          AuditQuery,
          Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('ndjson')]) }),
        ]),
        response: { 200: Type.String(), ...ERRORS },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const filters = await auditFilters(access, principalOf(request), q, 'export');
      const lines: string[] = q.format === 'csv' ? [COLUMNS.join(',')] : [];
      let beforeId: number | undefined;
      for (;;) {
        const page = await listAudit(access.db, {
          ...filters,
          limit: 1000,
          ...(beforeId ? { beforeId } : {}),
        });
        for (const e of page) {
          const r = row(e);
          lines.push(
            q.format === 'csv'
              ? COLUMNS.map((c) => csvField(r[c as keyof typeof r])).join(',')
              : JSON.stringify(r),
          );
        }
        if (page.length < 1000) break;
        beforeId = page.at(-1)!.id;
      }
      const type = q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
      return reply
        .type(type)
        .header('content-disposition', `attachment; filename="vigil-audit.${q.format}"`)
        .send(`${lines.join('\n')}\n`);
    },
  );
  app.post(
    '/v1/AuditEvent/$verify',
    {
      schema: {
        tags: ['access'],
        summary: 'Verify the audit chain: re-derive every batch and compare it with AuditLog on chain',
        security: BEARER,
        response: { 200: Type.Unknown(), ...ERRORS },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const allowed = p.role === 'auditor' || p.role === 'admin';
      await access.audit({
        actor: p.username,
        role: p.role,
        patient: null,
        resource: 'AuditEvent',
        action: 'verify',
        outcome: allowed ? 'allowed' : 'denied',
        reason: allowed ? p.role : 'auditors and admins only',
      });
      if (!allowed) throw new AccessDeniedError('the audit chain is verified by auditors and admins');
      return access.verifyAuditTrail();
    },
  );
}
