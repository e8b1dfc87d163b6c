import type { Alert } from '../../clinical/alerts/types.ts';
import type { LivePatientState } from '../../clinical/live/createLiveMonitor.ts';

/**
 * What the live streams (`/v1/stream`, `/v1/ward/stream`) send of a patient's state: values with their
 * time and device, NEWS2 with what it rests on, risk, and what was left out and why (no flags history).
 */
export function liveVitalsView(s: LivePatientState) {
  return {
    patient: s.patient,
    updatedAt: s.updatedAt,
    vitals: s.vitals,
    news2: {
      total: s.news2.total,
      band: s.news2.band,
      scores: s.news2.scores,
      missing: s.news2.missing,
      assumptions: s.news2.assumptions,
      at: s.news2.at,
      scale: s.news2.scale,
      inputs: s.news2.inputs,
    },
    risk: s.risk,
    excluded: s.excluded,
    entries: s.entries,
  };
}

/** What the ward stream and the alert list send of an alert (the values it rests on stay server-side). */
export function alertView(a: Alert) {
  return {
    id: a.id,
    patient: a.patient,
    reason: a.reason,
    category: a.artefact ? ('technical' as const) : ('clinical' as const),
    priority: a.priority,
    status: a.status,
    text: a.text,
    artefact: a.artefact,
    devices: a.devices,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    notifications: a.notifications,
    escalatedAt: a.escalatedAt,
    escalatedFrom: a.escalatedFrom,
    acknowledgedBy: a.acknowledgedBy,
    acknowledgedAt: a.acknowledgedAt,
    resolvedAt: a.resolvedAt,
    resolution: a.resolution,
    silencedUntil: a.silencedUntil,
    silencedBy: a.silencedBy,
    silenceReason: a.silenceReason,
  };
}
