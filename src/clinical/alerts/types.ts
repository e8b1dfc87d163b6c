/** Why an alert was raised (its FHIR `Flag.code`). */
export type AlertReason =
  | 'news2-high'
  | 'news2-medium'
  | 'news2-single-parameter'
  | 'deterioration-risk'
  | 'clinical-anomaly'
  | 'sensor-artefact';

export type AlertPriority = 'low' | 'medium' | 'high';
export type AlertStatus = 'active' | 'acknowledged' | 'resolved';

/** A device behind an alert, with its trust state when the alert was last updated. */
export type AlertDevice = { deviceId: string; quarantined: boolean; trust?: number | undefined };

/** What a condition evaluator asks the engine to raise or update. */
export type AlertCondition = {
  patient: string;
  /**
   * Dedup family: one active alert per patient and family. NEWS2 bands share the family `news2`, so a
   * worsening band escalates the same alert instead of opening a second one.
   */
  family: string;
  reason: AlertReason;
  priority: AlertPriority;
  text: string;
  /** Values the alert rests on (patient data: persisted encrypted, never logged). */
  values: Record<string, number>;
  devices: AlertDevice[];
  score?: number | undefined;
  /** True for "check sensor" alerts raised by readings judged to be artefacts. */
  artefact: boolean;
  /** Assumptions made (e.g. consciousness Alert, on air). */
  assumptions?: string[] | undefined;
  /** Event-like conditions (anomalies) resolve when not seen again for this long; others need `clear`. */
  expiresAfterMs?: number | undefined;
};

/** One clinical alert (a FHIR Flag). */
export type Alert = AlertCondition & {
  id: string;
  status: AlertStatus;
  createdAt: number;
  updatedAt: number;
  /** Last time the condition was seen to hold. */
  lastSeenAt: number;
  lastNotifiedAt: number;
  notifications: number;
  escalatedAt?: number | undefined;
  /** The priority before the last escalation. */
  escalatedFrom?: AlertPriority | undefined;
  acknowledgedBy?: string | undefined;
  acknowledgedAt?: number | undefined;
  resolvedAt?: number | undefined;
  /** Why the alert was resolved (condition cleared, a device it rested on was quarantined, …). */
  resolution?: string | undefined;
  /** Silenced by a clinician: no re-notification until then (an escalation ends the silence). */
  silencedUntil?: number | undefined;
  silencedBy?: string | undefined;
  silenceReason?: string | undefined;
};

/** Change notifications for the live stream and persistence. */
export type AlertEvent =
  | { type: 'alert'; alert: Alert }
  | {
      type: 'alert-updated';
      alert: Alert;
      change: 'updated' | 'escalated' | 'renotified' | 'acknowledged' | 'resolved' | 'silenced';
    };

export const PRIORITY_RANK: Record<AlertPriority, number> = { low: 0, medium: 1, high: 2 };
