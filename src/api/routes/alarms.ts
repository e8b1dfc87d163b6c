import { Type } from '@sinclair/typebox';
import { AccessDeniedError, type AccessService } from '../../access/index.ts';
import type { AlertService } from '../../clinical/alerts/createAlertService.ts';
import type { VigilApp } from '../buildApp.ts';
import { ApiError } from '../errors.ts';
import { authenticate, BEARER, ERRORS, principalOf, useAccessErrors } from './accessSupport.ts';
import { alertView } from './liveVitalsView.ts';

/** Dependencies of {@link alarmRoutes}. */
export type AlarmRoutesOptions = {
  access: AccessService;
  alerts: Pick<AlertService, 'silence' | 'engine'>;
};

/**
 * `POST /v1/Flag/{id}/$silence {minutes, reason}`: a clinician who may read the patient's alerts silences
 * an open alert for 1-120 min (no re-notification; an escalation ends the silence). Audited.
 */
export async function alarmRoutes(app: VigilApp, options: AlarmRoutesOptions): Promise<void> {
  const { access, alerts } = options;
  useAccessErrors(app);
  app.addHook('onRequest', authenticate(access));
  app.post(
    '/v1/Flag/:id/$silence',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Silence an open alert for a period, with a reason (clinicians with read:alerts; audited)',
        security: BEARER,
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        body: Type.Object({
          minutes: Type.Integer({ minimum: 1, maximum: 120 }),
          reason: Type.String({ minLength: 5, maxLength: 200 }),
        }),
        response: { 200: Type.Unknown(), ...ERRORS },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const alert = alerts.engine.get(request.params.id);
      if (!alert) throw new ApiError('VIGIL_ALERT_NOT_FOUND', 404, 'no such alert');
      if (p.role !== 'clinician') {
        await access.audit({
          actor: p.username,
          role: p.role,
          patient: alert.patient,
          resource: 'Flag/$silence',
          action: 'silence',
          outcome: 'denied',
          reason: 'only clinicians silence alerts',
        });
        throw new AccessDeniedError('only clinicians silence alerts');
      }
      await access.authorize(p, {
        patient: alert.patient,
        scope: 'read:alerts',
        resource: 'Flag/$silence',
        action: 'silence',
      });
      try {
        return alertView(
          alerts.silence(alert.id, {
            minutes: request.body.minutes,
            by: p.username,
            reason: request.body.reason,
          }),
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'VIGIL_ALERT_STATE_CONFLICT') {
          throw new ApiError('VIGIL_ALERT_STATE_CONFLICT', 409, (error as Error).message);
        }
        throw error;
      }
    },
  );
}
