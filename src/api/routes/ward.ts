import type { ServerResponse } from 'node:http';
import type { AccessService } from '../../access/index.ts';
import type { AlertService, AlertStreamEvent } from '../../clinical/alerts/createAlertService.ts';
import type { LivePatientState } from '../../clinical/live/createLiveMonitor.ts';
import type { VigilApp } from '../buildApp.ts';
import { authenticate, BEARER, principalOf, useAccessErrors } from './accessSupport.ts';
import { createCoalescingStream, sseFrame } from './createCoalescingStream.ts';
import { decideWardAccess, type WardAccess, wardCandidates } from './decideWardAccess.ts';
import { alertView, liveVitalsView } from './liveVitalsView.ts';

/** Dependencies of {@link wardRoutes}. */
export type WardRoutesOptions = {
  access: AccessService;
  alerts: Pick<AlertService, 'subscribe' | 'live' | 'search'>;
  /** Consent is re-checked this often on an open stream (default 2 s); a revoked patient leaves it. */
  recheckMs?: number;
  /** A `heartbeat` event (with the server time) this often (default 5 s): the screen's watchdog. */
  heartbeatMs?: number;
  /** Vitals of one patient are sent at most this often per client (default 1 s): latest state only. */
  minIntervalMs?: number;
  /** After how long without a reading each vital is shown stale (sent in `hello`). */
  staleAfterMs?: Record<string, number>;
};

const accessView = (a: WardAccess) => ({
  vitals: a.vitals,
  alerts: a.alerts,
  breakGlass: a.breakGlass,
  ...(a.expiresAt === undefined ? {} : { expiresAt: new Date(a.expiresAt).toISOString() }),
});
const sameAccess = (a: WardAccess | undefined, b: WardAccess) =>
  a !== undefined &&
  a.vitals === b.vitals &&
  a.alerts === b.alerts &&
  a.breakGlass === b.breakGlass &&
  a.expiresAt === b.expiresAt;

/**
 * `GET /v1/ward/stream`: one Server-Sent Events stream of every patient the caller may see (vitals,
 * snapshots, alerts), for the dashboard's ward view. Vitals and alerts are separate consent scopes, each
 * decided per patient at connect and re-checked every few seconds. A slow client gets no backlog: each
 * patient's latest state is sent oldest-pending-first as the socket drains (no patient starves). Every
 * event carries the server time, so the screen can show true ages; joins and leaves are audited.
 */
export async function wardRoutes(app: VigilApp, options: WardRoutesOptions): Promise<void> {
  const { access, alerts } = options;
  const open = new Set<ServerResponse>();
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
        description:
          'Events: hello (patients, server time, stale thresholds), snapshot (state, open alerts, access), ' +
          'vitals, alert, access-lost, heartbeat. Latest state per patient, fair under backpressure.',
        security: BEARER,
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const granted = new Map<string, WardAccess>();
      const res = reply.raw;
      const stream = createCoalescingStream({
        res,
        ...(options.minIntervalMs === undefined ? {} : { minIntervalMs: options.minIntervalMs }),
      });
      const key = (patient: string, ...rest: string[]) => [patient, ...rest].join('\u0000');
      const openAlerts = (patient: string) =>
        alerts
          .search({ patient, count: 200, offset: 0 })
          .alerts.filter((a) => a.status !== 'resolved')
          .map(alertView);
      const liveState = (patient: string): LivePatientState | undefined => {
        try {
          return alerts.live(patient);
        } catch {
          return undefined;
        }
      };
      const snapshot = (patient: string) =>
        stream.put(key(patient, 's'), () => {
          const a = granted.get(patient);
          if (!a) return undefined;
          const state = a.vitals ? liveState(patient) : undefined;
          return sseFrame('snapshot', {
            patient,
            serverTime: Date.now(),
            access: accessView(a),
            state: state ? liveVitalsView(state) : null,
            alerts: a.alerts ? openAlerts(patient) : [],
          });
        });
      const recheck = async (first: boolean) => {
        const want = new Set(await wardCandidates(access, p));
        for (const patient of new Set([...want, ...granted.keys()])) {
          const d: WardAccess = want.has(patient)
            ? await decideWardAccess(access, p, patient)
            : { vitals: false, alerts: false, breakGlass: false, reason: 'no live consent' };
          const before = granted.get(patient);
          if (sameAccess(before, d) || (!before && !d.vitals && !d.alerts)) continue;
          const allowed = d.vitals || d.alerts;
          if (!before || !allowed) {
            await access.audit({
              actor: p.username,
              role: p.role,
              patient,
              resource: 'ward-stream',
              action: allowed ? 'read' : 'stop',
              outcome: allowed ? 'allowed' : 'denied',
              reason: allowed
                ? `${d.vitals ? 'vitals' : ''}${d.vitals && d.alerts ? '+' : ''}${d.alerts ? 'alerts' : ''}: ${d.reason}`
                : d.reason,
              breakGlass: d.breakGlass,
            });
          }
          if (allowed) {
            granted.set(patient, d);
            if (!first) snapshot(patient);
          } else {
            granted.delete(patient);
            stream.drop(key(patient, ''));
            stream.put(key(patient, 'lost'), () =>
              sseFrame('access-lost', { patient, reason: d.reason, serverTime: Date.now() }),
            );
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
      const heartbeatMs = options.heartbeatMs ?? 5000;
      res.write(
        sseFrame('hello', {
          username: p.username,
          role: p.role,
          patients: [...granted.keys()],
          serverTime: Date.now(),
          heartbeatMs,
          staleAfterMs: options.staleAfterMs ?? {},
        }),
      );
      for (const patient of granted.keys()) snapshot(patient);
      const onEvent = (e: AlertStreamEvent) => {
        const patient = e.type === 'vitals' ? e.state.patient : e.alert.patient;
        const a = granted.get(patient);
        if (!a) return;
        if (e.type === 'vitals') {
          if (!a.vitals) return;
          const state = e.state;
          stream.put(
            key(patient, 'v'),
            () => sseFrame('vitals', { ...liveVitalsView(state), serverTime: Date.now() }),
            true,
          );
        } else if (a.alerts) {
          const alert = e.alert;
          stream.put(key(patient, 'a', alert.id), () =>
            sseFrame('alert', { ...alertView(alert), change: e.type === 'alert' ? 'raised' : e.change }),
          );
        }
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
      const heartbeat = setInterval(
        () => stream.writeIfIdle(sseFrame('heartbeat', { serverTime: Date.now() })),
        heartbeatMs,
      );
      heartbeat.unref();
      timer.unref();
      let unsubscribe = () => {};
      res.on('close', () => {
        clearInterval(timer);
        clearInterval(heartbeat);
        stream.close();
        unsubscribe();
        open.delete(res);
      });
      unsubscribe = alerts.subscribe(onEvent, () => res.end());
    },
  );
}
