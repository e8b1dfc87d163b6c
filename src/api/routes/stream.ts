import type { ServerResponse } from 'node:http';
import { Type } from '@sinclair/typebox';
import { alertToFlag } from '../../clinical/alerts/alertToFlag.ts';
import type { AlertService, AlertStreamEvent } from '../../clinical/alerts/createAlertService.ts';
import type { Alert } from '../../clinical/alerts/types.ts';
import type { VigilApp } from '../buildApp.ts';
import { liveVitalsView } from './liveVitalsView.ts';

export type StreamRoutesOptions = {
  alerts: Pick<AlertService, 'subscribe' | 'live'>;
  /** Comment line sent this often so proxies keep the connection (default 15 s). */
  heartbeatMs?: number;
};

/**
 * `GET /v1/stream`: Server-Sent Events `vitals`, `alert`, `alert-updated` (Flags), heartbeat comments.
 * A slow client (socket buffer full) gets no queue: changes are collapsed per patient and per alert
 * and sent as latest-state `snapshot` / `alert-updated` events once the socket drains.
 */
export async function streamRoutes(app: VigilApp, options: StreamRoutesOptions): Promise<void> {
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });
  app.get(
    '/v1/stream',
    {
      schema: {
        tags: ['clinical'],
        summary: 'Live stream (text/event-stream) of vitals and alerts',
        querystring: Type.Object({ patient: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }),
      },
    },
    (request, reply) => {
      const only = request.query.patient;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      open.add(res);
      let slow = false;
      const stalePatients = new Set<string>();
      const staleAlerts = new Map<string, Alert>();
      const write = (text: string) => {
        if (!res.write(text)) slow = true;
      };
      const send = (event: string, data: unknown) =>
        write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const onEvent = (e: AlertStreamEvent) => {
        const patient = e.type === 'vitals' ? e.state.patient : e.alert.patient;
        if (only !== undefined && patient !== only) return;
        if (slow) {
          if (e.type === 'vitals') stalePatients.add(patient);
          else staleAlerts.set(e.alert.id, e.alert);
          return;
        }
        if (e.type === 'vitals') send('vitals', liveVitalsView(e.state));
        else send(e.type, alertToFlag(e.alert));
      };
      res.on('drain', () => {
        slow = false;
        for (const alert of staleAlerts.values()) send('alert-updated', alertToFlag(alert));
        staleAlerts.clear();
        for (const patient of stalePatients) {
          try {
            const live = options.alerts.live(patient);
            send('snapshot', { ...liveVitalsView(live), alerts: live.alerts.map(alertToFlag) });
          } catch {
            // The patient has no live state any more: nothing to send.
          }
        }
        stalePatients.clear();
      });
      const heartbeat = setInterval(() => {
        if (!slow) write(': heartbeat\n\n');
      }, options.heartbeatMs ?? 15_000);
      heartbeat.unref();
      let unsubscribe = () => {};
      const cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      };
      res.on('close', cleanup);
      unsubscribe = options.alerts.subscribe(onEvent, () => res.end());
      write(': connected\n\n');
    },
  );
}
