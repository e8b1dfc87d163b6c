import type { AccessService } from '../../access/index.ts';
import type { AlertService } from '../../clinical/alerts/createAlertService.ts';
import type { VigilApp } from '../buildApp.ts';
import { alarmRoutes } from './alarms.ts';
import { type LedgerRoutesOptions, ledgerRoutes } from './ledger.ts';
import { type PatientDetailRoutesOptions, patientDetailRoutes } from './patientDetail.ts';
import { type TrustRoutesOptions, trustRoutes } from './trust.ts';
import { type WardRoutesOptions, wardRoutes } from './ward.ts';
import { webRoutes } from './web.ts';

/** What the dashboard needs beyond the clinical API (given to `buildApp` as `dashboard`). */
export type DashboardDependencies = {
  trust?: TrustRoutesOptions['trust'];
  store?: TrustRoutesOptions['store'] &
    LedgerRoutesOptions['store'] &
    Partial<PatientDetailRoutesOptions['store']>;
  verify?: LedgerRoutesOptions['verify'];
  /** The folder served at `/` (default the repository's `web/`). */
  webRoot?: string;
  /** Consent re-check period of the ward stream (default 2 s). */
  recheckMs?: number;
  /** Device last-seen and offline thresholds for `GET /v1/trust`. */
  devices?: Pick<TrustRoutesOptions, 'lastSeen' | 'offlineAfterMs'>;
  /** Ward stream tuning: heartbeat, per-patient pacing and the stale thresholds the screen applies. */
  ward?: Pick<WardRoutesOptions, 'heartbeatMs' | 'minIntervalMs' | 'staleAfterMs'>;
};

/**
 * The dashboard: static files at `/` (strict CSP) and, with the clinical API, `GET /v1/ward/stream`,
 * `POST /v1/Flag/{id}/$silence`, the patient detail (`$flowsheet`, `$clinical-entry`), `GET /v1/trust`,
 * `GET /v1/ledger/batches`, `POST /v1/ledger/verify`. Each route is present only when its dependencies are.
 */
export async function dashboardRoutes(
  app: VigilApp,
  deps: DashboardDependencies & { access?: AccessService | undefined; alerts?: AlertService | undefined },
): Promise<void> {
  app.register(webRoutes, deps.webRoot ? { root: deps.webRoot } : {});
  const { access, alerts, store } = deps;
  if (!access) return;
  if (alerts) {
    app.register(wardRoutes, {
      access,
      alerts,
      ...deps.ward,
      ...(deps.recheckMs === undefined ? {} : { recheckMs: deps.recheckMs }),
    });
  }
  if (alerts) app.register(alarmRoutes, { access, alerts });
  if (alerts && store?.listReadings && store.saveClinicalEntry && store.listClinicalEntries) {
    app.register(patientDetailRoutes, {
      access,
      alerts,
      store: store as PatientDetailRoutesOptions['store'],
    });
  }
  if (deps.trust && store) app.register(trustRoutes, { access, trust: deps.trust, store, ...deps.devices });
  if (deps.verify && store) app.register(ledgerRoutes, { access, store, verify: deps.verify });
}
