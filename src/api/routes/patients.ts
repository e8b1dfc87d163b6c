import { Type } from '@sinclair/typebox';
import { AccessDeniedError, type AccessService, breakGlassPatients } from '../../access/index.ts';
import { isValidId } from '../../identity/ids.ts';
import type { Store } from '../../store/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { ApiError, RequestInvalidError } from '../errors.ts';
import { BEARER, BundleSchema, checkPatientId, ERRORS, principalOf, searchset } from './accessSupport.ts';
import { visibleDevices } from './visibleDevices.ts';

const PatientResource = Type.Object({
  resourceType: Type.Literal('Patient'),
  id: Type.String({ description: 'pseudonym (no names, no identifiers)' }),
});
const DeviceResource = Type.Object({
  resourceType: Type.Literal('Device'),
  id: Type.String(),
  status: Type.String(),
  type: Type.Object({ text: Type.String() }),
  owner: Type.Object({ reference: Type.String() }),
  patient: Type.Optional(Type.Object({ reference: Type.String() })),
});

/** Whether this gateway knows a patient: a device bound to them, a stored reading, or a consent on record. */
async function knownPatient(
  access: AccessService,
  store: Pick<Store, 'listDevices' | 'listReadings'>,
  patient: string,
): Promise<boolean> {
  if ((await store.listDevices({ patient })).length > 0) return true;
  if ((await store.listReadings({ patient, limit: 1 })).length > 0) return true;
  await access.consents.sync().catch(() => undefined);
  return access.consents.list(patient).length > 0;
}

/** `GET /v1/Patient`, `GET /v1/Patient/{id}`, `POST /v1/Patient/{id}/$break-glass`, `GET /v1/Device`. */
export async function patientRoutes(
  app: VigilApp,
  options: { access: AccessService; store: Pick<Store, 'listDevices' | 'listReadings'> },
): Promise<void> {
  const { access, store } = options;
  app.get(
    '/v1/Patient',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Pseudonymous list of the patients the caller may see',
        description:
          'Clinician: live consent (to them or their organisation) or break-glass. Patient: self. Admin: all.',
        security: BEARER,
        response: { 200: BundleSchema(PatientResource), ...ERRORS },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const now = access.now();
      let ids: string[];
      if (p.role === 'patient') ids = p.patient ? [p.patient] : [];
      else if (p.role === 'admin') {
        const devices = await store.listDevices();
        ids = [
          ...new Set([
            ...devices.flatMap((d) => (d.patient ? [d.patient] : [])),
            ...access.consents.list().map((c) => c.patient),
          ]),
        ];
      } else if (p.role === 'clinician') {
        await access.consents.sync().catch(() => undefined);
        const consented = access.consents
          .list()
          .filter(
            (c) =>
              !c.revoked && c.expiresAt > now && (c.grantee === p.grantee || c.grantee === p.organisation),
          )
          .map((c) => c.patient);
        ids = [
          ...new Set([
            ...consented,
            ...(p.grantee ? await breakGlassPatients(access.db, p.grantee, now) : []),
          ]),
        ];
      } else {
        await access.audit({
          actor: p.username,
          role: p.role,
          patient: null,
          resource: 'Patient',
          action: 'search',
          outcome: 'denied',
          reason: 'auditors read audit trails only',
        });
        throw new AccessDeniedError('auditors read audit trails only');
      }
      ids.sort();
      await access.audit({
        actor: p.username,
        role: p.role,
        patient: null,
        resource: 'Patient',
        action: 'search',
        outcome: 'allowed',
        reason: `${ids.length} patients`,
      });
      return searchset(
        request,
        ids.map((id) => ({ fullUrl: `Patient/${id}`, resource: { resourceType: 'Patient' as const, id } })),
      );
    },
  );
  app.get(
    '/v1/Patient/:id',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Read one patient (pseudonym only), consent-checked',
        security: BEARER,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: PatientResource, ...ERRORS },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const id =
        request.params.id === 'self' && p.patient ? p.patient : checkPatientId(request.params.id, '/id');
      await access.authorize(p, { patient: id, scope: 'read:vitals', resource: 'Patient', action: 'read' });
      return { resourceType: 'Patient' as const, id };
    },
  );
  app.post(
    '/v1/Patient/:id/$break-glass',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Emergency access: a clinician gets 1 hour of read access, flagged in the audit trail',
        description: 'Clinician only; the reason is mandatory (10-500 characters) and shown to the patient.',
        security: BEARER,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        body: Type.Object({ reason: Type.String({ minLength: 10, maxLength: 500 }) }),
        response: {
          201: Type.Object({ patient: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      if (!isValidId(request.params.id)) throw new RequestInvalidError('invalid patient pseudonym');
      const p = principalOf(request);
      // Emergency access only to a patient this gateway knows: a device bound to them, a stored reading or
      // a consent on record (no ghost patients). Other roles are refused below without learning either way.
      if (p.role === 'clinician' && !(await knownPatient(access, store, request.params.id))) {
        await access.audit({
          actor: p.username,
          role: p.role,
          patient: request.params.id,
          resource: 'Patient',
          action: 'break-glass',
          outcome: 'denied',
          reason: 'unknown patient',
        });
        throw new ApiError(
          'VIGIL_PATIENT_UNKNOWN',
          404,
          `no patient ${request.params.id} is known to this gateway`,
        );
      }
      const r = await access.breakGlass(p, request.params.id, request.body.reason);
      return reply
        .code(201)
        .send({ patient: request.params.id, expiresAt: new Date(r.expiresAt).toISOString() });
    },
  );
  app.get(
    '/v1/Device',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Registered devices (admin, clinician)',
        description:
          'Admins: every device. Clinicians: only devices of patients they may read (consent or break-glass).',
        security: BEARER,
        response: { 200: BundleSchema(DeviceResource), ...ERRORS },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const allowed = p.role === 'admin' || p.role === 'clinician';
      await access.audit({
        actor: p.username,
        role: p.role,
        patient: null,
        resource: 'Device',
        action: 'search',
        outcome: allowed ? 'allowed' : 'denied',
        reason: allowed ? p.role : 'devices are listed for admins and clinicians only',
      });
      if (!allowed) throw new AccessDeniedError('devices are listed for admins and clinicians only');
      // Clinicians see only the devices of the patients they may read (issue #16, defect 4).
      const devices = await visibleDevices(access, p, await store.listDevices());
      return searchset(
        request,
        devices.map((d) => ({
          fullUrl: `Device/${d.deviceId}`,
          resource: {
            resourceType: 'Device' as const,
            id: d.deviceId,
            status: d.status === 'active' ? 'active' : 'inactive',
            type: { text: d.kind },
            owner: { reference: `Organization/${d.orgId}` },
            ...(d.patient ? { patient: { reference: `Patient/${d.patient}` } } : {}),
          },
        })),
      );
    },
  );
}
