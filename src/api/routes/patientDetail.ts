import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AccessDeniedError, type AccessService, PatientGoneError } from '../../access/index.ts';
import type { AlertService } from '../../clinical/alerts/createAlertService.ts';
import { buildFlowsheet } from '../../clinical/live/buildFlowsheet.ts';
import {
  type ClinicalEntry,
  entryFromRow,
  entryToRow,
  parseEntryValue,
} from '../../clinical/live/clinicalEntries.ts';
import type { Store, StoredReading } from '../../store/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { RequestInvalidError } from '../errors.ts';
import { authenticate, BEARER, ERRORS, principalOf, useAccessErrors } from './accessSupport.ts';

/** Dependencies of {@link patientDetailRoutes}. */
export type PatientDetailRoutesOptions = {
  access: AccessService;
  alerts: Pick<AlertService, 'setEntry'>;
  store: Pick<Store, 'listReadings' | 'listDevices' | 'saveClinicalEntry' | 'listClinicalEntries'>;
  /** At most this many stored readings are read for one flowsheet (default 50 000; `truncated` says so). */
  maxReadings?: number;
};

const Pseudonym = Type.String({ minLength: 1, maxLength: 31, pattern: '^[A-Za-z0-9._-]+$' });
const EntryBody = Type.Object({
  kind: Type.Union([Type.Literal('consciousness'), Type.Literal('oxygen'), Type.Literal('spo2-scale')]),
  acvpu: Type.Optional(Type.Union(['A', 'C', 'V', 'P', 'U'].map((x) => Type.Literal(x)))),
  onOxygen: Type.Optional(Type.Boolean()),
  flowLpm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 60 })),
  scale: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
});

const entryView = ({ id, patient, ...rest }: ClinicalEntry) => ({
  id,
  patient,
  ...rest,
  enteredAt: new Date(rest.enteredAt).toISOString(),
});

/**
 * The patient detail: `GET /v1/Patient/{id}/$flowsheet?hours=` (stored history of every vital, decrypted
 * through the consent-checked path), and the clinician's entries `POST|GET /v1/Patient/{id}/$clinical-entry`
 * (ACVPU, supplemental oxygen, SpO2 scale: audited, used by NEWS2 at once).
 */
export async function patientDetailRoutes(app: VigilApp, options: PatientDetailRoutesOptions): Promise<void> {
  const { access, store } = options;
  const maxReadings = options.maxReadings ?? 50_000;
  useAccessErrors(app);
  app.addHook('onRequest', authenticate(access));
  /** The patient named by `:id` (or self), once read:vitals access is checked and audited. */
  const readable = async (request: FastifyRequest, resource: string, action: string) => {
    const p = principalOf(request);
    const { id } = request.params as { id: string };
    const patient = id === 'self' && p.patient ? p.patient : id;
    await access.authorize(p, { patient, scope: 'read:vitals', resource, action });
    return patient;
  };

  app.get(
    '/v1/Patient/:id/$flowsheet',
    {
      schema: {
        tags: ['clinical'],
        summary:
          'Flowsheet: the stored history of every vital (time series), with device and quarantine flag',
        description: 'Needs read:vitals (consent or break-glass), or self. 410 after erasure.',
        security: BEARER,
        params: Type.Object({ id: Type.Union([Pseudonym, Type.Literal('self')]) }),
        querystring: Type.Object({
          hours: Type.Optional(Type.Number({ minimum: 0.25, maximum: 48, default: 2 })),
        }),
        response: { 200: Type.Unknown(), ...ERRORS },
      },
    },
    async (request) => {
      const patient = await readable(request, 'Patient/$flowsheet', 'read');
      const to = Date.now();
      const from = to - (request.query.hours ?? 2) * 3_600_000;
      const readings: StoredReading[] = [];
      let afterPos: number | undefined;
      for (;;) {
        const page = await store.listReadings({
          patient,
          from,
          to,
          limit: 10_000,
          ...(afterPos ? { afterPos } : {}),
        });
        if (page.some((r) => r.erased)) throw new PatientGoneError({ details: { patient } });
        readings.push(...page);
        if (page.length < 10_000 || readings.length >= maxReadings) break;
        afterPos = page.at(-1)!.pos;
      }
      const kinds = new Map((await store.listDevices({ patient })).map((d) => [d.deviceId, d.kind]));
      const sheet = buildFlowsheet({
        readings: readings.flatMap((r) =>
          r.reading
            ? [
                {
                  effectiveAt: r.effectiveAt,
                  deviceId: r.deviceId,
                  quarantined: r.quarantined,
                  observation: r.reading.observation,
                },
              ]
            : [],
        ),
        kindOf: (id) => kinds.get(id),
        from,
        to,
      });
      const entries = (await store.listClinicalEntries({ patient })).flatMap((row) => {
        const e = entryFromRow(row);
        return e ? [entryView(e)] : [];
      });
      return {
        patient,
        ...sheet,
        kinds: Object.fromEntries(sheet.devices.map((d) => [d, kinds.get(d) ?? 'unknown'])),
        readings: readings.length,
        truncated: readings.length >= maxReadings,
        entries,
      };
    },
  );

  app.post(
    '/v1/Patient/:id/$clinical-entry',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Record consciousness (ACVPU), supplemental oxygen or the SpO2 scale (clinicians; audited)',
        description:
          'Body: {kind: consciousness, acvpu} | {kind: oxygen, onOxygen, flowLpm?} | {kind: spo2-scale, scale}. ' +
          'Needs a care relationship (read:vitals consent or break-glass). NEWS2 uses it at once.',
        security: BEARER,
        params: Type.Object({ id: Pseudonym }),
        body: EntryBody,
        response: { 201: Type.Unknown(), ...ERRORS },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const patient = request.params.id;
      const resource = `ClinicalEntry/${request.body.kind}`;
      if (p.role !== 'clinician') {
        await access.audit({
          actor: p.username,
          role: p.role,
          patient,
          resource,
          action: 'record',
          outcome: 'denied',
          reason: 'only clinicians record bedside observations',
        });
        throw new AccessDeniedError('only clinicians record bedside observations');
      }
      const value = parseEntryValue(request.body);
      if (!value) {
        throw new RequestInvalidError(
          'consciousness needs acvpu (A, C, V, P or U); oxygen needs onOxygen (flowLpm only when on oxygen); spo2-scale needs scale 1 or 2',
        );
      }
      await access.authorize(p, { patient, scope: 'read:vitals', resource, action: 'record' });
      const entry: ClinicalEntry = {
        ...value,
        id: randomUUID(),
        patient,
        enteredBy: p.username,
        enteredAt: Date.now(),
      };
      await store.saveClinicalEntry(entryToRow(entry));
      options.alerts.setEntry(entry);
      return reply.code(201).send(entryView(entry));
    },
  );

  app.get(
    '/v1/Patient/:id/$clinical-entry',
    {
      schema: {
        tags: ['clinical'],
        summary: "The clinician's entries of a patient (consciousness, oxygen, SpO2 scale), oldest first",
        security: BEARER,
        params: Type.Object({ id: Type.Union([Pseudonym, Type.Literal('self')]) }),
        response: { 200: Type.Unknown(), ...ERRORS },
      },
    },
    async (request) => {
      const patient = await readable(request, 'ClinicalEntry', 'search');
      const rows = await store.listClinicalEntries({ patient });
      if (rows.some((r) => r.value === null)) throw new PatientGoneError({ details: { patient } });
      return {
        entries: rows.flatMap((r) => {
          const e = entryFromRow(r);
          return e ? [entryView(e)] : [];
        }),
      };
    },
  );
}
