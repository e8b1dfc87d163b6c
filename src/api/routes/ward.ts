import { type AccessService, breakGlassPatients, decideAccess, type Principal } from '../../access/index.ts';
import type { AlertService, AlertStreamEvent } from '../../clinical/alerts/createAlertService.ts';
import type { Alert } from '../../clinical/alerts/types.ts';
import type { VigilApp } from '../buildApp.ts';
import { authenticate, BEARER, principalOf, useAccessErrors } from './accessSupport.ts';
import { liveVitalsView } from './liveVitalsView.ts';

/** Dependencies of {@link wardRoutes}. */
export type WardRoutesOptions = {
  access: AccessService;
  alerts: Pick<AlertService, 'subscribe' | 'live' | 'search'>;
  /** Consent is re-checked this often on an open stream (default 2 s); a revoked patient leaves it. */
  recheckMs?: number;
  heartbeatMs?: number;
};

const alertView = (a: Alert) => ({
  id: a.id,
  patient: a.patient,
  reason: a.reason,
  priority: a.priority,
  status: a.status,
  text: a.text,
  artefact: a.artefact,
  devices: a.devices,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
  acknowledgedBy: a.acknowledgedBy,
  acknowledgedAt: a.acknowledgedAt,
});

/** The patients a caller might see (candidates; each is confirmed with {@link decideAccess}). */
async function candidates(access: AccessService, p: Principal): Promise<string[]> {
  if (p.role === 'patient') return p.patient ? [p.patient] : [];
  if (p.role !== 'clinician') return [];
  const now = access.now();
  const consented = access.consents
    .list()
    .filter(
      (c) => !c.revoked && c.expiresAt > now && (c.grantee === p.grantee || c.grantee === p.organisation),
    )
    .map((c) => c.patient);
  const glass = p.grantee ? await breakGlassPatients(access.db, p.grantee, now) : [];
  return [...new Set([...consented, ...glass])].sort();
}

/**
 * `GET /v1/ward/stream`: one Server-Sent Events stream of every patient the caller may read (vitals,
 * snapshots and alerts), for the dashboard's ward view. Consent is checked per patient at connect and
 * re-checked every few seconds: a revoked patient gets an `access-lost` event and no more data. Each
 * patient joining or leaving the stream is audited.
 */
export async function wardRoutes(app: VigilApp, options: WardRoutesOptions): Promise<void> {
  const { access, alerts } = options;
  const open = new Set<import('node:http').ServerResponse>();
  useAccessErrors(app);
  app.addHook('onRequest', authenticate(access));
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });
  app.get(
    '/v1/ward/stream',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Live stream (text/event-stream) of every patient the caller may read (the ward view)',
        security: BEARER,
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const allowed = new Set<string>();
      const res = reply.raw;
      const send = (event: string, data: unknown) =>
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const snapshot = (patient: string) => {
        let live: ReturnType<typeof alerts.live> | undefined;
        try {
          live = alerts.live(patient);
        } catch {
          live = undefined;
        }
        const open = alerts
          .search({ patient, count: 100, offset: 0 })
          .alerts.filter((a) => a.status !== 'resolved');
        send('snapshot', { patient, state: live ? liveVitalsView(live) : null, alerts: open.map(alertView) });
      };
      const recheck = async (first: boolean) => {
        const want = new Set(await candidates(access, p));
        for (const patient of new Set([...want, ...allowed])) {
          const d = want.has(patient)
            ? await decideAccess({ db: access.db, consent: access.consent, now: access.now() }, p, {
                patient,
                scope: 'read:vitals',
              })
            : { allowed: false, reason: 'no live consent', breakGlass: false };
          if (d.allowed === allowed.has(patient)) continue;
          await access.audit({
            actor: p.username,
            role: p.role,
            patient,
            resource: 'ward-stream',
            action: d.allowed ? 'read' : 'stop',
            outcome: d.allowed ? 'allowed' : 'denied',
            reason: d.reason,
            breakGlass: d.breakGlass,
          });
          if (d.allowed) {
            allowed.add(patient);
            if (!first) snapshot(patient);
          } else {
            allowed.delete(patient);
            send('access-lost', { patient, reason: d.reason });
          }
        }
      };
      await recheck(true);
      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      open.add(res);
      send('hello', { username: p.username, role: p.role, patients: [...allowed] });
      for (const patient of allowed) snapshot(patient);
      const onEvent = (e: AlertStreamEvent) => {
        const patient = e.type === 'vitals' ? e.state.patient : e.alert.patient;
        if (!allowed.has(patient)) return;
        if (e.type === 'vitals') {
          // Vitals are latest-state: a client that cannot keep up simply misses intermediate ones.
          if (res.writableNeedDrain) return;
          send('vitals', liveVitalsView(e.state));
        } else send('alert', alertView(e.alert));
      };
      let checking = false;
      const timer = setInterval(() => {
        if (checking) return;
        checking = true;
        access.consents
          .sync()
          .catch(() => undefined)
          .then(() => recheck(false))
          .catch((error: unknown) =>
            request.log.warn({ code: (error as { code?: unknown }).code }, 'recheck'),
          )
          .finally(() => {
            checking = false;
          });
      }, options.recheckMs ?? 2000);
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), options.heartbeatMs ?? 15_000);
      heartbeat.unref();
      timer.unref();
      let unsubscribe = () => {};
      res.on('close', () => {
        clearInterval(timer);
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      });
      unsubscribe = alerts.subscribe(onEvent, () => res.end());
    },
  );
}
