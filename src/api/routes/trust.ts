import { Type } from '@sinclair/typebox';
import { AccessDeniedError, type AccessService } from '../../access/index.ts';
import type { Store } from '../../store/index.ts';
import type { TrustService } from '../../trust/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { ApiError } from '../errors.ts';
import { authenticate, BEARER, ERRORS, principalOf, useAccessErrors } from './accessSupport.ts';
import { visibleDevices } from './visibleDevices.ts';

/** Dependencies of {@link trustRoutes}. */
export type TrustRoutesOptions = {
  access: AccessService;
  trust: Pick<TrustService, 'list' | 'reinstate'>;
  store: Pick<Store, 'listDevices'>;
  /** When a device last sent a stored reading (ms); "never" without it. */
  lastSeen?: (deviceId: string) => number | undefined;
  /** After how long without a reading a device of this kind is offline (default 2 min). */
  offlineAfterMs?: (kind: string) => number;
};

/**
 * `GET /v1/trust`: every registered device with its trust score, quarantine state and the explanation
 * (top evidence), for admins, clinicians and auditors (patients are refused; scores carry no vital values);
 * `POST /v1/trust/{deviceId}/$reinstate` lifts a quarantine (admins).
 */
export async function trustRoutes(app: VigilApp, options: TrustRoutesOptions): Promise<void> {
  const { access } = options;
  useAccessErrors(app);
  app.addHook('onRequest', authenticate(access));
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
      // Clinicians see only the devices of the patients they may read (issue #16, defect 4).
      const devices = await visibleDevices(access, p, await options.store.listDevices());
      const now = Date.now();
      return {
        devices: devices.map((d) => {
          const t = scores.get(d.deviceId);
          const seen = options.lastSeen?.(d.deviceId);
          const offlineAfter = options.offlineAfterMs?.(d.kind) ?? 120_000;
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
            // Little evidence either way: the screen shows "new / uncertain", not a warning.
            uncertainty: t?.opinion.uncertainty ?? 1,
            history: t?.history ?? [],
            lastSeen: seen === undefined ? null : new Date(seen).toISOString(),
            offline: seen === undefined || now - seen > offlineAfter,
            offlineAfterMs: offlineAfter,
          };
        }),
      };
    },
  );
  app.post(
    '/v1/trust/:deviceId/$reinstate',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Lift a quarantine (admin; the reason goes on chain with DeviceReinstated)',
        security: BEARER,
        params: Type.Object({ deviceId: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: Type.Object({ reason: Type.String({ minLength: 5, maxLength: 200 }) }),
        response: { 200: Type.Unknown(), ...ERRORS },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const allowed = p.role === 'admin';
      await access.audit({
        actor: p.username,
        role: p.role,
        patient: null,
        resource: `Device/${request.params.deviceId}`,
        action: 'reinstate',
        outcome: allowed ? 'allowed' : 'denied',
        reason: allowed ? request.body.reason : 'only admins reinstate devices',
      });
      if (!allowed) throw new AccessDeniedError('only admins reinstate devices');
      try {
        const { change } = await options.trust.reinstate(
          request.params.deviceId,
          request.body.reason,
          p.username,
        );
        return { deviceId: request.params.deviceId, change };
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (code.startsWith('VIGIL_TRUST_')) {
          const status =
            code === 'VIGIL_TRUST_DEVICE_UNKNOWN' ? 404 : code === 'VIGIL_TRUST_NOT_QUARANTINED' ? 409 : 400;
          throw new ApiError(code, status, (error as Error).message, { cause: error });
        }
        throw error;
      }
    },
  );
}
