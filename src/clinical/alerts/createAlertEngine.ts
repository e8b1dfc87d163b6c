import { randomUUID } from 'node:crypto';
import { AlertNotFoundError, AlertStateError } from './errors.ts';
import {
  type Alert,
  type AlertCondition,
  type AlertEvent,
  type AlertStatus,
  PRIORITY_RANK,
} from './types.ts';

export type CreateAlertEngineParameters = {
  /** Re-notify an active (unacknowledged) alert after this long (default 15 min). */
  renotifyMs?: number;
  /** At most one `updated` event per alert per this interval while values change (default 60 s). */
  updateIntervalMs?: number;
  onEvent?: (event: AlertEvent) => void;
  newId?: () => string;
};

export type ListAlertsQuery = {
  patient?: string | undefined;
  status?: AlertStatus | undefined;
  count?: number | undefined;
  offset?: number | undefined;
};

export type AlertEngine = {
  /** Raises a new alert, or updates (and possibly escalates) the open one of the same patient and family. */
  observe(condition: AlertCondition, now: number): Alert;
  /** Resolves the open alert of this patient and family, if any (the condition cleared), saying why. */
  clear(patient: string, family: string, now: number, resolution?: string): Alert | undefined;
  /** Resolves every open alert of `patient` that rests on `deviceId` (the device was quarantined). */
  resolveResting(patient: string, deviceId: string, now: number, resolution: string): Alert[];
  /** A clinician silences an open alert until `until` (no re-notification; an escalation ends it). */
  silence(id: string, params: { until: number; by: string; reason: string }, now: number): Alert;
  /** A clinician acknowledges an open alert. */
  acknowledge(id: string, by: string, now: number): Alert;
  /** Re-notifies stale unacknowledged alerts and expires event-like ones. */
  tick(now: number): void;
  get(id: string): Alert | undefined;
  /** Alerts newest first, filtered; `total` before paging. */
  list(query?: ListAlertsQuery): { total: number; alerts: Alert[] };
  /** Open (active or acknowledged) alerts of a patient. */
  open(patient: string): Alert[];
  /** Loads persisted alerts (after a restart) without emitting events. */
  restore(alerts: readonly Alert[]): void;
};

const keyOf = (patient: string, family: string) => `${patient}\u0000${family}`;
const sameValues = (a: Record<string, number>, b: Record<string, number>) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

/**
 * Creates the alert state machine: one open alert per patient and family (dedup), escalation when the
 * priority worsens (an acknowledged alert becomes active again), re-notification when unacknowledged,
 * acknowledgement (who, when) and resolution. It keeps no clock: callers pass `now`.
 */
export function createAlertEngine(options: CreateAlertEngineParameters = {}): AlertEngine {
  const renotifyMs = options.renotifyMs ?? 15 * 60_000;
  const updateIntervalMs = options.updateIntervalMs ?? 60_000;
  const newId = options.newId ?? randomUUID;
  const emit = options.onEvent ?? (() => undefined);
  const byId = new Map<string, Alert>();
  const openByKey = new Map<string, Alert>();

  const resolve = (alert: Alert, now: number, resolution: string): Alert => {
    alert.status = 'resolved';
    alert.resolvedAt = now;
    alert.resolution = resolution;
    alert.updatedAt = now;
    openByKey.delete(keyOf(alert.patient, alert.family));
    emit({ type: 'alert-updated', alert, change: 'resolved' });
    return alert;
  };

  return {
    observe(c, now) {
      const key = keyOf(c.patient, c.family);
      const current = openByKey.get(key);
      if (!current) {
        const alert: Alert = {
          ...c,
          id: newId(),
          status: 'active',
          createdAt: now,
          updatedAt: now,
          lastSeenAt: now,
          lastNotifiedAt: now,
          notifications: 1,
        };
        byId.set(alert.id, alert);
        openByKey.set(key, alert);
        emit({ type: 'alert', alert });
        return alert;
      }
      current.lastSeenAt = now;
      if (PRIORITY_RANK[c.priority] > PRIORITY_RANK[current.priority]) {
        const from = current.priority;
        Object.assign(current, c, { id: current.id });
        current.status = 'active';
        current.escalatedAt = now;
        current.escalatedFrom = from;
        // A worse condition must be heard: an escalation ends any silence.
        current.silencedUntil = undefined;
        current.updatedAt = now;
        current.lastNotifiedAt = now;
        current.notifications++;
        emit({ type: 'alert-updated', alert: current, change: 'escalated' });
        return current;
      }
      // Same or lower priority: keep the worst reason and priority, refresh what it rests on; the text
      // follows the current values at once, value jitter at most once per interval.
      const textChanged = current.text !== c.text;
      const changed = !sameValues(current.values, c.values) || current.devices.length !== c.devices.length;
      current.values = c.values;
      current.devices = c.devices;
      current.assumptions = c.assumptions;
      current.text = c.text;
      if (c.score !== undefined) current.score = Math.max(current.score ?? 0, c.score);
      if (textChanged || (changed && now - current.updatedAt >= updateIntervalMs)) {
        current.updatedAt = now;
        emit({ type: 'alert-updated', alert: current, change: 'updated' });
      }
      return current;
    },
    clear(patient, family, now, resolution = 'condition cleared') {
      const current = openByKey.get(keyOf(patient, family));
      return current ? resolve(current, now, resolution) : undefined;
    },
    resolveResting(patient, deviceId, now, resolution) {
      return [...openByKey.values()]
        .filter((a) => a.patient === patient && a.devices.some((d) => d.deviceId === deviceId))
        .map((a) => resolve(a, now, resolution));
    },
    silence(id, params, now) {
      const alert = byId.get(id);
      if (!alert) throw new AlertNotFoundError(id);
      if (alert.status === 'resolved') {
        throw new AlertStateError('the alert is already resolved', { details: { id } });
      }
      alert.silencedUntil = params.until;
      alert.silencedBy = params.by;
      alert.silenceReason = params.reason;
      alert.updatedAt = now;
      emit({ type: 'alert-updated', alert, change: 'silenced' });
      return alert;
    },
    acknowledge(id, by, now) {
      const alert = byId.get(id);
      if (!alert) throw new AlertNotFoundError(id);
      if (alert.status === 'resolved') {
        throw new AlertStateError('the alert is already resolved', { details: { id } });
      }
      alert.status = 'acknowledged';
      alert.acknowledgedBy = by;
      alert.acknowledgedAt = now;
      alert.updatedAt = now;
      emit({ type: 'alert-updated', alert, change: 'acknowledged' });
      return alert;
    },
    tick(now) {
      for (const alert of [...openByKey.values()]) {
        if (alert.expiresAfterMs !== undefined && now - alert.lastSeenAt >= alert.expiresAfterMs) {
          resolve(alert, now, `not seen again for ${Math.round(alert.expiresAfterMs / 60_000)} min`);
        } else if (alert.silencedUntil !== undefined && now < alert.silencedUntil) {
          // Silenced: no re-notification until the silence ends.
        } else if (alert.status === 'active' && now - alert.lastNotifiedAt >= renotifyMs) {
          alert.lastNotifiedAt = now;
          alert.notifications++;
          alert.updatedAt = now;
          emit({ type: 'alert-updated', alert, change: 'renotified' });
        }
      }
    },
    get: (id) => byId.get(id),
    list(query = {}) {
      const all = [...byId.values()]
        .filter(
          (a) =>
            (query.patient === undefined || a.patient === query.patient) &&
            (query.status === undefined || a.status === query.status),
        )
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
      const offset = query.offset ?? 0;
      return { total: all.length, alerts: all.slice(offset, offset + (query.count ?? 50)) };
    },
    open(patient) {
      return [...openByKey.values()].filter((a) => a.patient === patient);
    },
    restore(alerts) {
      for (const a of alerts) {
        byId.set(a.id, a);
        if (a.status !== 'resolved') openByKey.set(keyOf(a.patient, a.family), a);
      }
    },
  };
}
