import type { AcceptedReading } from '../../ingest/createIngestPipeline.ts';
import type { AlertRow, ClinicalEntryRow, ListAlertRowsParameters } from '../../store/index.ts';
import type { DeteriorationModel } from '../deterioration/loadDeteriorationModel.ts';
import { type ClinicalEntry, entryFromRow } from '../live/clinicalEntries.ts';
import {
  createLiveMonitor,
  type DeviceInfo,
  type LiveMonitor,
  type LivePatientState,
  type TrustChangeInput,
} from '../live/createLiveMonitor.ts';
import { observationTime, observationVitals } from '../live/observationVitals.ts';
import { type AlertEngine, createAlertEngine, type ListAlertsQuery } from './createAlertEngine.ts';
import { PatientNotLiveError } from './errors.ts';
import type { Alert, AlertEvent } from './types.ts';

/** Events of the live stream. */
export type AlertStreamEvent = AlertEvent | { type: 'vitals'; state: LivePatientState };

export type CreateAlertServiceParameters = {
  /** Persistence (the store); alerts live in memory only without it. */
  store?: {
    saveAlerts(rows: readonly AlertRow[]): Promise<void>;
    listAlertRows(p: ListAlertRowsParameters): Promise<AlertRow[]>;
    /** The clinician's entries in force (ACVPU, oxygen, SpO2 scale), reloaded at start. */
    listClinicalEntries?(p: { latest: true }): Promise<ClinicalEntryRow[]>;
  };
  deviceInfo?: (deviceId: string) => DeviceInfo | undefined;
  model?: DeteriorationModel | undefined;
  renotifyMs?: number;
  riskThreshold?: number;
  riskIntervalMs?: number;
  /** Re-notification, expiry and persistence period (default 1 s). */
  tickMs?: number;
  /** Resolved alerts reloaded at start (default 1000). */
  restoreResolved?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
};

export type AlertService = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The pipeline hook: feeds every stored reading to the live monitor. */
  onAccepted(readings: readonly AcceptedReading[]): void;
  /** Listens to alerts and vitals; returns the unsubscribe function. `close` is called on stop. */
  subscribe(listener: (event: AlertStreamEvent) => void, onClose?: () => void): () => void;
  acknowledge(id: string, by: string): Alert;
  /** Silences an open alert for `minutes` with a reason (no re-notification; an escalation ends it). */
  silence(id: string, params: { minutes: number; by: string; reason: string }): Alert;
  /** A device was quarantined or reinstated (trust service `onChange`): rescores its patients at once. */
  onTrustChange(change: TrustChangeInput): void;
  /** A clinician's entry (already stored and audited by the caller): NEWS2 uses it at once. */
  setEntry(entry: ClinicalEntry): void;
  /** When each device last sent a stored reading (receive time, ms). */
  lastSeen(deviceId: string): number | undefined;
  search(query: ListAlertsQuery): { total: number; alerts: Alert[] };
  /** The live view of a patient with its open alerts; throws `VIGIL_PATIENT_NOT_LIVE`. */
  live(patient: string): LivePatientState & { alerts: Alert[] };
  /** Writes pending alert changes now. */
  flush(): Promise<void>;
  readonly engine: AlertEngine;
  readonly monitor: LiveMonitor;
};

/** Creates the alert service: live monitor + alert engine + persistence + subscribers, with start/stop. */
export function createAlertService(params: CreateAlertServiceParameters = {}): AlertService {
  const now = params.now ?? Date.now;
  const onError = params.onError ?? (() => undefined);
  const listeners = new Map<(e: AlertStreamEvent) => void, (() => void) | undefined>();
  const dirty = new Map<string, Alert>();
  const seen = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  const publish = (event: AlertStreamEvent) => {
    for (const listener of listeners.keys()) {
      try {
        listener(event);
      } catch (error) {
        onError(error);
      }
    }
  };
  const engine = createAlertEngine({
    ...(params.renotifyMs === undefined ? {} : { renotifyMs: params.renotifyMs }),
    onEvent: (event) => {
      dirty.set(event.alert.id, event.alert);
      publish(event);
    },
  });
  const monitor = createLiveMonitor({
    alerts: engine,
    deviceInfo: params.deviceInfo,
    model: params.model,
    ...(params.riskThreshold === undefined ? {} : { riskThreshold: params.riskThreshold }),
    ...(params.riskIntervalMs === undefined ? {} : { riskIntervalMs: params.riskIntervalMs }),
    onVitals: (state) => {
      if (listeners.size > 0) publish({ type: 'vitals', state });
    },
  });

  const flush = (): Promise<void> => {
    flushing = flushing
      .then(async () => {
        if (!params.store || dirty.size === 0) return;
        const alerts = [...dirty.values()];
        dirty.clear();
        await params.store.saveAlerts(
          alerts.map((a) => ({
            id: a.id,
            patient: a.patient,
            family: a.family,
            reason: a.reason,
            status: a.status,
            priority: a.priority,
            createdAt: a.createdAt,
            updatedAt: a.updatedAt,
            body: Buffer.from(JSON.stringify(a)),
          })),
        );
      })
      .catch(onError);
    return flushing;
  };

  return {
    engine,
    monitor,
    async start() {
      if (params.store) {
        const open = await params.store.listAlertRows({ status: ['active', 'acknowledged'], limit: 100_000 });
        const resolved = await params.store.listAlertRows({
          status: ['resolved'],
          limit: params.restoreResolved ?? 1000,
        });
        engine.restore(
          [...open, ...resolved].flatMap((r) =>
            r.body ? [JSON.parse(Buffer.from(r.body).toString('utf8')) as Alert] : [],
          ),
        );
        const rows = (await params.store.listClinicalEntries?.({ latest: true })) ?? [];
        for (const row of rows) {
          const entry = entryFromRow(row);
          if (entry) monitor.setEntry(entry, now(), true);
        }
      }
      timer = setInterval(() => {
        engine.tick(now());
        void flush();
      }, params.tickMs ?? 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await flush();
      for (const [listener, onClose] of [...listeners]) {
        listeners.delete(listener);
        onClose?.();
      }
    },
    onAccepted(readings) {
      for (const r of readings) {
        try {
          const deviceId = r.reading.deviceId;
          const info = params.deviceInfo?.(deviceId);
          const observation = r.reading.observation;
          const time = observationTime(observation);
          seen.set(deviceId, Math.max(seen.get(deviceId) ?? 0, r.receivedAt));
          monitor.observe({
            patient: r.patient,
            deviceId,
            time: Number.isFinite(time) ? time : r.receivedAt,
            values: observationVitals(observation, info?.kind),
            quarantined: r.quarantined || (info?.quarantined ?? false),
            pos: r.pos,
            now: r.receivedAt,
          });
        } catch (error) {
          onError(error);
        }
      }
    },
    subscribe(listener, onClose) {
      listeners.set(listener, onClose);
      return () => {
        listeners.delete(listener);
      };
    },
    acknowledge: (id, by) => engine.acknowledge(id, by, now()),
    silence: (id, { minutes, by, reason }) =>
      engine.silence(id, { until: now() + minutes * 60_000, by, reason }, now()),
    onTrustChange(change) {
      try {
        monitor.onTrustChange(change, now());
      } catch (error) {
        onError(error);
      }
    },
    setEntry: (entry) => monitor.setEntry(entry, now()),
    lastSeen: (deviceId) => seen.get(deviceId),
    search: (query) => engine.list(query),
    live(patient) {
      const state = monitor.get(patient);
      if (!state) throw new PatientNotLiveError(patient);
      return { ...state, alerts: engine.open(patient) };
    },
    flush,
  };
}
