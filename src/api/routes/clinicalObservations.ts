import { Type } from '@sinclair/typebox';
import { type AccessService, PatientGoneError } from '../../access/index.ts';
import type { Store, StoredReading } from '../../store/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { NotFoundError, RequestInvalidError } from '../errors.ts';
import {
  BEARER,
  BundleSchema,
  checkPatientId,
  ERRORS,
  PagingQuery,
  principalOf,
  searchset,
} from './accessSupport.ts';

export type ObservationReadStore = Pick<Store, 'listReadings' | 'getReading'>;

const ObservationResource = Type.Object(
  { resourceType: Type.Literal('Observation'), id: Type.String() },
  { additionalProperties: true, description: 'FHIR R4 Observation (vital signs) as signed by the device' },
);

/** The stored Observation with its id and Vigil metadata (quarantine flag, batch). */
function toObservation(r: StoredReading) {
  return {
    ...r.reading!.observation,
    resourceType: 'Observation' as const,
    id: r.id,
    meta: {
      lastUpdated: new Date(r.receivedAt).toISOString(),
      ...(r.quarantined ? { tag: [{ system: 'https://vigil.health/fhir/tag', code: 'quarantined' }] } : {}),
    },
  };
}

/** Parses FHIR `date` search parameters (`ge`, `gt`, `le`, `lt`, `eq` prefixes) into [from, to). */
export function parseDateParams(values: string | string[] | undefined): { from?: number; to?: number } {
  const out: { from?: number; to?: number } = {};
  for (const v of values === undefined ? [] : Array.isArray(values) ? values : [values]) {
    const m = /^(ge|gt|le|lt|eq)?(.+)$/.exec(v);
    const t = m ? Date.parse(m[2]!) : Number.NaN;
    if (!m || Number.isNaN(t)) throw new RequestInvalidError(`invalid date parameter ${JSON.stringify(v)}`);
    const prefix = m[1] ?? 'eq';
    if (prefix === 'ge') out.from = t;
    else if (prefix === 'gt') out.from = t + 1;
    else if (prefix === 'lt') out.to = t;
    else if (prefix === 'le') out.to = t + 1;
    else {
      out.from = t;
      out.to = t + 1;
    }
  }
  return out;
}

/** `GET /v1/Observation` (searchset with paging) and `GET /v1/Observation/{id}`, consent-checked per request. */
export async function observationReadRoutes(
  app: VigilApp,
  options: { access: AccessService; store: ObservationReadStore },
): Promise<void> {
  const { access, store } = options;
  app.get(
    '/v1/Observation',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Search vital-sign Observations of one patient',
        description:
          'Needs read:vitals consent (clinician), or self (patient). date=geISO&date=ltISO bounds effective time; ' +
          '_count pages; follow the Bundle next link (cursor). 410 VIGIL_PATIENT_ERASED after erasure.',
        security: BEARER,
        querystring: Type.Object({
          patient: Type.Optional(Type.String({ maxLength: 64, description: 'pseudonym, or self' })),
          code: Type.Optional(Type.String({ maxLength: 32, description: 'LOINC code' })),
          date: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 2 })])),
          ...PagingQuery,
        }),
        response: { 200: BundleSchema(ObservationResource), ...ERRORS },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const q = request.query;
      const patient =
        q.patient === undefined || q.patient === 'self' ? p.patient : checkPatientId(q.patient, '/patient');
      if (!patient) throw new RequestInvalidError('patient is required', { details: { path: '/patient' } });
      const dates = parseDateParams(q.date);
      await access.authorize(p, { patient, scope: 'read:vitals', resource: 'Observation', action: 'search' });
      const count = q._count ?? 50;
      const rows = await store.listReadings({
        patient,
        limit: count + 1,
        ...(q.code === undefined ? {} : { code: q.code }),
        ...(dates.from === undefined ? {} : { from: dates.from }),
        ...(dates.to === undefined ? {} : { to: dates.to }),
        ...(q.cursor === undefined ? {} : { afterPos: Number(q.cursor) }),
      });
      if (rows.some((r) => r.erased)) throw new PatientGoneError({ details: { patient } });
      const page = rows.slice(0, count);
      const next = rows.length > count ? { cursor: String(page.at(-1)!.pos) } : undefined;
      return searchset(
        request,
        page.map((r) => ({ fullUrl: `Observation/${r.id}`, resource: toObservation(r) })),
        next,
      );
    },
  );
  app.get(
    '/v1/Observation/:id',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Read one Observation',
        description:
          'Consent-checked like the search. 404 unknown id; 410 VIGIL_PATIENT_ERASED after erasure.',
        security: BEARER,
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: { 200: ObservationResource, ...ERRORS },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const r = await store.getReading(request.params.id);
      if (!r) throw new NotFoundError('no such Observation');
      await access.authorize(p, {
        patient: r.patient,
        scope: 'read:vitals',
        resource: 'Observation',
        action: 'read',
      });
      if (r.erased || !r.reading) throw new PatientGoneError({ details: { patient: r.patient } });
      return toObservation(r);
    },
  );
}
