import type { AlertEngine } from '../alerts/createAlertEngine.ts';
import type { AlertDevice } from '../alerts/types.ts';
import { type AnomalyDetector, createAnomalyDetector } from '../anomaly/createAnomalyDetector.ts';
import type { AnomalyFlag } from '../anomaly/types.ts';
import type { LiveReading } from '../deterioration/featuresFromReadings.ts';
import type { DeteriorationModel } from '../deterioration/loadDeteriorationModel.ts';
import { applyEntry, type ClinicalEntry, type PatientEntries } from './clinicalEntries.ts';
import { computeLiveNews2, type LiveNews2 } from './computeLiveNews2.ts';
import {
  addSample,
  type DeviceStanding,
  type ExcludedVital,
  excludedVitals,
  type LiveWindow,
} from './liveWindow.ts';
import { LIVE_VITALS, type LiveVital } from './observationVitals.ts';
import { raiseFlag, raiseNews2, updateRisk } from './raiseAlerts.ts';

/** Device state the monitor asks for (registry cache + trust engine). */
export type DeviceInfo = { kind?: string | undefined; quarantined: boolean; trust?: number | undefined };

/** The latest value of one vital. `suspect` names the artefact flag it raised, if any. */
export type LiveValue = {
  value: number;
  time: number;
  deviceId: string;
  quarantined: boolean;
  suspect?: string;
};

export type LiveFlag = AnomalyFlag & { deviceId: string; quarantined: boolean };

/** The live view of one patient (`GET /v1/Patient/{pseudonym}/$live`). */
export type LivePatientState = {
  patient: string;
  updatedAt: number;
  vitals: Partial<Record<LiveVital, LiveValue>>;
  /** NEWS2 from the latest trusted vitals and the clinician's entries. */
  news2: LiveNews2;
  risk?: { probability: number; at: number; model: string; threshold: number; horizon: string } | undefined;
  flags: LiveFlag[];
  /** Vitals left out of the scores because their device is quarantined (which, since when, why). */
  excluded: ExcludedVital[];
  /** The clinician's entries in force (consciousness, oxygen, SpO2 scale). */
  entries: PatientEntries;
};

/** A quarantine or reinstatement, as the trust service announces it. */
export type TrustChangeInput = {
  type: 'quarantine' | 'reinstate';
  deviceId: string;
  reason: string;
  sincePos?: number | undefined;
};

export type CreateLiveMonitorParameters = {
  alerts: AlertEngine;
  deviceInfo?: (deviceId: string) => DeviceInfo | undefined;
  detector?: AnomalyDetector;
  /** Vitals-only deterioration model; risk is skipped without it. */
  model?: DeteriorationModel | undefined;
  /** Recompute the risk at most this often per patient (default 5 min). */
  riskIntervalMs?: number;
  /** Raise `deterioration-risk` at or above this probability (default 0.5); clears below 0.8x. */
  riskThreshold?: number;
  /** A vital older than this is missing from NEWS2 (default 2 h). */
  staleMs?: number;
  /** A clinician's ACVPU / oxygen / scale entry is used for this long (default 12 h). */
  entryValidMs?: number;
  /** Anomaly alerts resolve when not seen again for this long (default 30 min). */
  anomalyHoldMs?: number;
  /** Called after each change of a patient's state (live stream). */
  onVitals?: (state: LivePatientState) => void;
  /**
   * Expire and re-notify open alerts at most this often on the readings' clock (default 1 s): the sweep
   * visits every open alert, so running it per reading made a large ward quadratic.
   */
  sweepEveryMs?: number;
};

export type LiveReadingInput = {
  patient: string;
  deviceId: string;
  time: number;
  values: Partial<Record<LiveVital, number>>;
  quarantined: boolean;
  /** Store position of the reading (a quarantine covers readings after its `sincePos`). */
  pos?: number | undefined;
  /** Clock of the alert engine (default `time`; the gateway passes the receive time). */
  now?: number;
};

export type LiveMonitor = {
  observe(input: LiveReadingInput): void;
  /** A device was quarantined or reinstated: rescore its patients at once. */
  onTrustChange(change: TrustChangeInput, now: number): void;
  /** A clinician's entry (ACVPU, oxygen, SpO2 scale): rescore at once. `restore` loads without alerts. */
  setEntry(entry: ClinicalEntry, now: number, restore?: boolean): void;
  get(patient: string): LivePatientState | undefined;
  patients(): string[];
};

/** The monitor's per-patient state (shared with the alert helpers). */
export type PatientState = {
  view: LivePatientState;
  window: LiveWindow;
  series: (LiveReading & { deviceId: string; pos?: number | undefined })[];
  firstAt: number;
  riskAt: number;
};

/**
 * Creates the live patient monitor: latest vitals, a rolling NEWS2, anomaly flags and the deterioration
 * risk per patient, turned into alert conditions on the engine. Only readings of devices in good standing
 * feed scores and alerts: a quarantine takes its device out of NEWS2 at once and its readings since its
 * evidence started to turn out of the risk window, resolves the alerts that rested on it, and a
 * reinstatement restores them.
 */
export function createLiveMonitor(params: CreateLiveMonitorParameters): LiveMonitor {
  const detector = params.detector ?? createAnomalyDetector();
  const deviceInfo = params.deviceInfo ?? (() => undefined);
  const staleMs = params.staleMs ?? 2 * 3_600_000;
  const entryValidMs = params.entryValidMs ?? 12 * 3_600_000;
  const patients = new Map<string, PatientState>();
  const devicePatients = new Map<string, Set<string>>();
  // Changes announced by the trust service; they outrank the registry's flag, which follows the chain later.
  const changes = new Map<string, DeviceStanding & { reason: string }>();
  const sweepEveryMs = params.sweepEveryMs ?? 1000;
  let sweptAt = Number.NEGATIVE_INFINITY;
  const { alerts } = params;
  const risk = {
    model: params.model,
    intervalMs: params.riskIntervalMs ?? 5 * 60_000,
    threshold: params.riskThreshold ?? 0.5,
  };

  const standingOf = (deviceId: string): DeviceStanding & { reason?: string } => {
    const c = changes.get(deviceId);
    if (c) return c;
    return { quarantined: deviceInfo(deviceId)?.quarantined ?? false, reason: 'device quarantined' };
  };
  const deviceOf = (deviceId: string): AlertDevice => {
    const d = deviceInfo(deviceId);
    return {
      deviceId,
      quarantined: standingOf(deviceId).quarantined,
      ...(d?.trust === undefined ? {} : { trust: d.trust }),
    };
  };
  // The current score uses no reading of a device while it is quarantined: its readings since its evidence
  // turned are suspect, and an older one is not current. The risk window keeps the readings before the turn.
  const nowStandingOf = (deviceId: string) => {
    const s = standingOf(deviceId);
    return s.quarantined ? { ...s, sincePos: undefined } : s;
  };
  const ctx = { alerts, risk, holdMs: params.anomalyHoldMs ?? 30 * 60_000, standingOf };

  function patientOf(patient: string, time: number): PatientState {
    let p = patients.get(patient);
    if (!p) {
      p = {
        view: {
          patient,
          updatedAt: time,
          vitals: {},
          news2: undefined as never,
          flags: [],
          excluded: [],
          entries: {},
        },
        window: new Map(),
        series: [],
        firstAt: time,
        riskAt: Number.NEGATIVE_INFINITY,
      };
      p.view.news2 = score(p, time);
      patients.set(patient, p);
    }
    return p;
  }

  function score(p: PatientState, now: number): LiveNews2 {
    p.view.excluded = excludedVitals(p.window, nowStandingOf, now, staleMs);
    return computeLiveNews2({
      window: p.window,
      standingOf: nowStandingOf,
      deviceOf,
      entries: p.view.entries,
      now,
      staleMs,
      entryValidMs,
    });
  }

  /** Rescores a patient now (a trust change or an entry), raising or resolving alerts as it goes. */
  function rescore(p: PatientState, now: number, raise: boolean): void {
    const at = Math.max(p.view.updatedAt, now);
    p.view.news2 = score(p, at);
    for (const v of Object.values(p.view.vitals)) if (v) v.quarantined = standingOf(v.deviceId).quarantined;
    if (raise) {
      raiseNews2(ctx, p, now);
      p.riskAt = Number.NEGATIVE_INFINITY;
      updateRisk(ctx, p, at);
    }
    params.onVitals?.(p.view);
  }

  return {
    observe(input) {
      const { patient, deviceId, time } = input;
      const p = patientOf(patient, time);
      const set = devicePatients.get(deviceId) ?? new Set<string>();
      devicePatients.set(deviceId, set);
      set.add(patient);
      const announced = changes.get(deviceId);
      const quarantined = announced ? announced.quarantined : input.quarantined;
      // Quarantined devices get their own detector stream so they cannot poison the trusted baseline.
      const flags = detector.observe(
        quarantined ? `${patient}\u0000quarantined` : patient,
        time,
        input.values,
      );
      const suspect = new Map<LiveVital, string>();
      for (const f of flags) {
        if (f.kind === 'impossible' || f.kind === 'dropout') suspect.set(f.vital, f.kind);
        p.view.flags.push({ ...f, deviceId, quarantined });
      }
      if (p.view.flags.length > 20) p.view.flags.splice(0, p.view.flags.length - 20);
      for (const vital of LIVE_VITALS) {
        const value = input.values[vital];
        if (value === undefined) continue;
        const s = suspect.get(vital);
        p.view.vitals[vital] = { value, time, deviceId, quarantined, ...(s ? { suspect: s } : {}) };
        addSample(p.window, vital, {
          value,
          time,
          deviceId,
          ...(input.pos === undefined ? {} : { pos: input.pos }),
          ...(s ? { suspect: s } : {}),
        });
        if (s) continue;
        p.series.push({
          time,
          parameter: vital === 'pulseRate' ? 'heartRate' : vital,
          value,
          deviceId,
          pos: input.pos,
        });
        if (p.series.length > 20_000) p.series.splice(0, 5_000);
      }
      p.view.updatedAt = Math.max(p.view.updatedAt, time);
      const now = input.now ?? time;
      p.view.news2 = score(p, time);
      if (!quarantined) {
        for (const f of flags) raiseFlag(ctx, patient, f, deviceOf(deviceId), input.values[f.vital], now);
        raiseNews2(ctx, p, now);
        updateRisk(ctx, p, time);
      }
      // A clock that went backwards (replayed data) sweeps at once.
      if (now - sweptAt >= sweepEveryMs || now < sweptAt) {
        sweptAt = now;
        alerts.tick(now);
      }
      params.onVitals?.(p.view);
    },
    onTrustChange(change, now) {
      const quarantined = change.type === 'quarantine';
      changes.set(change.deviceId, {
        quarantined,
        ...(quarantined && change.sincePos !== undefined ? { sincePos: change.sincePos } : {}),
        reason: quarantined ? `device ${change.deviceId} quarantined: ${change.reason}` : change.reason,
      });
      for (const patient of devicePatients.get(change.deviceId) ?? []) {
        const p = patients.get(patient);
        if (!p) continue;
        if (quarantined) {
          alerts.resolveResting(
            patient,
            change.deviceId,
            now,
            `device ${change.deviceId} quarantined; its readings no longer count (${change.reason})`,
          );
        }
        rescore(p, now, true);
      }
    },
    setEntry(entry, now, restore = false) {
      const p = patientOf(entry.patient, now);
      applyEntry(p.view.entries, entry);
      rescore(p, now, !restore);
    },
    get: (patient) => patients.get(patient)?.view,
    patients: () => [...patients.keys()],
  };
}
