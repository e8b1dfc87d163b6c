import type { LivePatientState } from '../../clinical/live/createLiveMonitor.ts';

/** What the live streams (`/v1/stream`, `/v1/ward/stream`) send of a patient's state: no flags history. */
export function liveVitalsView(s: LivePatientState) {
  return {
    patient: s.patient,
    updatedAt: s.updatedAt,
    vitals: s.vitals,
    news2: { total: s.news2.total, band: s.news2.band, scores: s.news2.scores, missing: s.news2.missing },
    risk: s.risk,
  };
}
