import type { AccessService } from '../../access/index.ts';
import type { Store } from '../../store/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { authenticate, useAccessErrors } from './accessSupport.ts';
import { auditEventRoutes } from './auditEvents.ts';
import { auditExportRoutes } from './auditExport.ts';
import { authRoutes } from './auth.ts';
import { observationReadRoutes } from './clinicalObservations.ts';
import { consentRoutes } from './consent.ts';
import { directoryRoutes } from './directory.ts';
import { patientRoutes } from './patients.ts';
import type { SignInLimits } from './signInLimits.ts';

/** Dependencies of the clinical API. */
export type AccessRoutesOptions = {
  access: AccessService;
  store: Pick<Store, 'listReadings' | 'getReading' | 'listDevices'>;
  /** Sign-in rate limits (default 30 per address, 10 per account, per minute). */
  signInLimits?: SignInLimits | undefined;
};

/** The clinical FHIR-style API: login, then every route behind a bearer token and request-time checks. */
export async function accessRoutes(app: VigilApp, options: AccessRoutesOptions): Promise<void> {
  const { access, store } = options;
  useAccessErrors(app);
  await app.register(authRoutes, { access, limits: options.signInLimits });
  await app.register(async (secured: VigilApp) => {
    // Before the body is parsed or validated: an unauthenticated POST is a 401, not a 400.
    secured.addHook('onRequest', authenticate(access));
    await secured.register(consentRoutes, { access });
    await secured.register(directoryRoutes, { access });
    await secured.register(patientRoutes, { access, store });
    await secured.register(observationReadRoutes, { access, store });
    await secured.register(auditEventRoutes, { access });
    await secured.register(auditExportRoutes, { access });
  });
}
