import { Type } from '@sinclair/typebox';
import { AccessDeniedError, type AccessService } from '../../access/index.ts';
import type { Store } from '../../store/index.ts';
import type { TrustService } from '../../trust/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { authenticate, BEARER, ERRORS, principalOf, useAccessErrors } from './accessSupport.ts';

/** Dependencies of {@link trustRoutes}. */
export type TrustRoutesOptions = {
  access: AccessService;
  trust: Pick<TrustService, 'list'>;
  store: Pick<Store, 'listDevices'>;
};

/**
 * `GET /v1/trust`: every registered device with its trust score, quarantine state and the explanation
 * (top evidence). Admins, clinicians and auditors; patients are refused. Scores carry no vital values.
 */
export async function trustRoutes(app: VigilApp, options: TrustRoutesOptions): Promise<void> {
  const { access } = options;
  useAccessErrors(app);
  app.addHook('preHandler', authenticate(access));
  app.get(
    '/v1/trust',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Device trust: score, quarantine and explanation per device',
        security: BEARER,
        response: { 200: Type.Unknown(), ...ERRORS },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const allowed = p.role !== 'patient';
      await access.audit({
        actor: p.username,
        role: p.role,
        patient: null,
        resource: 'trust',
        action: 'search',
        outcome: allowed ? 'allowed' : 'denied',
        reason: allowed ? p.role : 'patients do not read the device fleet',
      });
      if (!allowed) throw new AccessDeniedError('patients do not read the device fleet');
      const scores = new Map(options.trust.list().map((t) => [t.deviceId, t]));
      const devices = await options.store.listDevices();
      return {
        devices: devices.map((d) => {
          const t = scores.get(d.deviceId);
          return {
            deviceId: d.deviceId,
            kind: d.kind,
            status: d.status,
            patient: d.patient,
            score: t ? t.scoreBp / 10_000 : null,
            quarantined: (t?.quarantined ?? false) || d.quarantined,
            quarantine: t?.quarantine ?? null,
            explanation: t?.items ?? [],
            counts: t?.counts ?? {},
          };
        }),
      };
    },
  );
}
