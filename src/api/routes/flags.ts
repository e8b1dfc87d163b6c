import { Type } from '@sinclair/typebox';
import { alertToFlag, flagBundle } from '../../clinical/alerts/alertToFlag.ts';
import type { AlertService } from '../../clinical/alerts/createAlertService.ts';
import type { VigilApp } from '../buildApp.ts';
import { ApiError } from '../errors.ts';
import { OperationOutcomeSchema } from '../schemas.ts';

/** Dependencies of the alert routes (access control wraps these data functions later). */
export type FlagRoutesOptions = { alerts: Pick<AlertService, 'search' | 'acknowledge' | 'live'> };

const STATUS: Record<string, number> = {
  VIGIL_ALERT_NOT_FOUND: 404,
  VIGIL_ALERT_STATE_CONFLICT: 409,
  VIGIL_PATIENT_NOT_LIVE: 404,
};

/** Maps alert-domain errors to their HTTP status; anything else propagates. */
function domainError(error: unknown): never {
  const code = (error as { code?: string }).code ?? '';
  const status = STATUS[code];
  if (status) {
    const details = (error as { details?: Record<string, unknown> }).details;
    throw new ApiError(code, status, (error as Error).message, {
      cause: error,
      ...(details ? { details } : {}),
    });
  }
  throw error;
}

const Pseudonym = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._-]+$' });

/** `GET /v1/Flag`, `POST /v1/Flag/{id}/$acknowledge`, `GET /v1/Patient/{pseudonym}/$live`. */
export async function flagRoutes(app: VigilApp, options: FlagRoutesOptions): Promise<void> {
  const { alerts } = options;
  app.get(
    '/v1/Flag',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Search clinical alerts (FHIR Flag searchset, newest first)',
        querystring: Type.Object({
          patient: Type.Optional(Pseudonym),
          status: Type.Optional(
            Type.Union([Type.Literal('active'), Type.Literal('acknowledged'), Type.Literal('resolved')]),
          ),
          _count: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, default: 50 })),
          _offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
        }),
        response: { 200: Type.Unknown(), '4xx': OperationOutcomeSchema, '5xx': OperationOutcomeSchema },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { total, alerts: page } = alerts.search({
        patient: q.patient,
        status: q.status,
        count: q._count ?? 50,
        offset: q._offset ?? 0,
      });
      return reply.type('application/fhir+json').send(flagBundle(page, total));
    },
  );

  app.post(
    '/v1/Flag/:id/$acknowledge',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Acknowledge an alert (who; the time is the server clock)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        body: Type.Object({ who: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: Type.Unknown(), '4xx': OperationOutcomeSchema, '5xx': OperationOutcomeSchema },
      },
    },
    async (request, reply) => {
      try {
        const alert = alerts.acknowledge(request.params.id, request.body.who);
        return reply.type('application/fhir+json').send(alertToFlag(alert));
      } catch (error) {
        domainError(error);
      }
    },
  );

  app.get(
    '/v1/Patient/:pseudonym/$live',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Live patient view: latest vitals, NEWS2 with sub-scores, risk, anomaly flags, open alerts',
        params: Type.Object({ pseudonym: Pseudonym }),
        response: { 200: Type.Unknown(), '4xx': OperationOutcomeSchema, '5xx': OperationOutcomeSchema },
      },
    },
    async (request) => {
      try {
        const live = alerts.live(request.params.pseudonym);
        return { ...live, alerts: live.alerts.map(alertToFlag) };
      } catch (error) {
        domainError(error);
      }
    },
  );
}
