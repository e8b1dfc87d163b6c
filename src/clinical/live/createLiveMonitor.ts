import type { AlertEngine } from '../alerts/createAlertEngine.ts';
import type { AlertDevice } from '../alerts/types.ts';
import { type AnomalyDetector, createAnomalyDetector } from '../anomaly/createAnomalyDetector.ts';
import type { AnomalyFlag } from '../anomaly/types.ts';
import { featuresFromReadings, type LiveReading } from '../deterioration/featuresFromReadings.ts';
import type { DeteriorationModel } from '../deterioration/loadDeteriorationModel.ts';
import {
  type ComputeNews2ReturnType,
  computeNews2,
  scorePulse,
  scoreRespirationRate,
  scoreSpo2Scale1,
  scoreSystolic,
  scoreTemperature,
} from '../news2/computeNews2.ts';
import { LIVE_VITALS, type LiveVital } from './observationVitals.ts';

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
  /** NEWS2 from the latest trusted vitals, each sub-score confirmed by two consecutive readings. */
  news2: ComputeNews2ReturnType & { assumptions: string[]; at: number; devices: AlertDevice[] };
  risk?: { probability: number; at: number; model: string; threshold: number } | undefined;
  flags: LiveFlag[];
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
  /** Anomaly alerts resolve when not seen again for this long (default 30 min). */
  anomalyHoldMs?: number;
  /** Called after each reading with the patient's new state (live stream). */
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
  /** Clock of the alert engine (default `time`; the gateway passes the receive time). */
  now?: number;
};

export type LiveMonitor = {
  observe(input: LiveReadingInput): void;
  get(patient: string): LivePatientState | undefined;
  patients(): string[];
};

type History = { prev?: LiveValue; last?: LiveValue };
type PatientState = {
  view: LivePatientState;
  trusted: Partial<Record<LiveVital, History>>;
  series: LiveReading[];
  firstAt: number;
  riskAt: number;
};

const ASSUMPTIONS = [
  'consciousness not reported by devices: assumed Alert',
  'oxygen not reported by devices: assumed air',
  'SpO2 scale 1',
];
const NEWS2_INPUT: Partial<
  Record<LiveVital, 'respirationRate' | 'spo2' | 'systolic' | 'pulse' | 'temperature'>
> = {
  respiratoryRate: 'respirationRate',
  spo2: 'spo2',
  systolic: 'systolic',
  heartRate: 'pulse',
  temperature: 'temperature',
};
/** The NEWS2 sub-score of each input alone (SpO2 on scale 1, as the live score assumes). */
const NEWS2_SUBSCORE: Record<NonNullable<(typeof NEWS2_INPUT)[LiveVital]>, (v: number) => number> = {
  respirationRate: scoreRespirationRate,
  spo2: scoreSpo2Scale1,
  systolic: scoreSystolic,
  pulse: scorePulse,
  temperature: scoreTemperature,
};
const DAY = 24 * 3_600_000;

/**
 * Creates the live patient monitor: latest vitals, a rolling NEWS2, anomaly flags and the deterioration
 * risk per patient, turned into alert conditions on the engine. Quarantined readings update the view
 * (marked) but never feed an alert or the trusted anomaly baseline.
 */
export function createLiveMonitor(params: CreateLiveMonitorParameters): LiveMonitor {
  const detector = params.detector ?? createAnomalyDetector();
  const deviceInfo = params.deviceInfo ?? (() => undefined);
  const riskIntervalMs = params.riskIntervalMs ?? 5 * 60_000;
  const riskThreshold = params.riskThreshold ?? 0.5;
  const staleMs = params.staleMs ?? 2 * 3_600_000;
  const holdMs = params.anomalyHoldMs ?? 30 * 60_000;
  const patients = new Map<string, PatientState>();
  const sweepEveryMs = params.sweepEveryMs ?? 1000;
  let sweptAt = Number.NEGATIVE_INFINITY;
  const { alerts } = params;

  const deviceOf = (deviceId: string): AlertDevice => {
    const d = deviceInfo(deviceId);
    return {
      deviceId,
      quarantined: d?.quarantined ?? false,
      ...(d?.trust === undefined ? {} : { trust: d.trust }),
    };
  };

  function news2(p: PatientState, now: number): LivePatientState['news2'] {
    const inputs: Record<string, number> = {};
    const devices = new Map<string, AlertDevice>();
    for (const [vital, param] of Object.entries(NEWS2_INPUT) as [LiveVital, keyof typeof NEWS2_SUBSCORE][]) {
      let h = p.trusted[vital];
      // The oximeter's pulse stands in for the heart rate when no ECG is connected.
      if (vital === 'heartRate' && (!h?.last || now - h.last.time > staleMs)) h = p.trusted.pulseRate;
      const last = h?.last;
      if (!last || now - last.time > staleMs) continue;
      let value = last.value;
      // One sample cannot raise a sub-score: use the less abnormal of the last two close readings.
      if (h?.prev && last.time - h.prev.time <= 20 * 60_000) {
        // Per parameter, not a whole computeNews2 per candidate value (it ran up to 11 times per reading).
        const score = (v: number) => (Number.isFinite(v) ? NEWS2_SUBSCORE[param](v) : 0);
        if (score(h.prev.value) < score(last.value)) value = h.prev.value;
      }
      inputs[param] = value;
      devices.set(last.deviceId, deviceOf(last.deviceId));
    }
    const result = computeNews2({ ...inputs, consciousness: 'A', onOxygen: false });
    return { ...result, assumptions: ASSUMPTIONS, at: now, devices: [...devices.values()] };
  }

  function raiseNews2(p: PatientState, now: number): void {
    const n = p.view.news2;
    const family = 'news2';
    if (n.band === 'low') {
      alerts.clear(p.view.patient, family, now);
      return;
    }
    const reason =
      n.band === 'high' ? 'news2-high' : n.band === 'medium' ? 'news2-medium' : 'news2-single-parameter';
    const text =
      n.band === 'low-medium'
        ? `NEWS2 ${n.total} with a single parameter scoring 3: urgent ward-based response`
        : `NEWS2 ${n.total} (${n.band} clinical risk)`;
    const values: Record<string, number> = { news2: n.total };
    for (const [k, v] of Object.entries(n.scores)) values[`score.${k}`] = v;
    for (const [vital, param] of Object.entries(NEWS2_INPUT)) {
      const last = p.trusted[vital as LiveVital]?.last;
      if (last && param) values[vital] = last.value;
    }
    alerts.observe(
      {
        patient: p.view.patient,
        family,
        reason,
        priority: n.band === 'high' ? 'high' : 'medium',
        text:
          n.missing.length > 1
            ? `${text}; missing ${n.missing.filter((m) => m !== 'airOrOxygen' && m !== 'consciousness').join(', ') || 'none'} (score is a lower bound)`
            : text,
        values,
        devices: n.devices,
        score: n.total,
        artefact: false,
        assumptions: n.assumptions,
      },
      now,
    );
  }

  function raiseFlag(
    patient: string,
    flag: AnomalyFlag,
    deviceId: string,
    value: number | undefined,
    now: number,
  ): void {
    const artefact = flag.likely === 'artefact';
    alerts.observe(
      {
        patient,
        family: artefact ? `sensor-artefact:${deviceId}` : `clinical-anomaly:${flag.vital}`,
        reason: artefact ? 'sensor-artefact' : 'clinical-anomaly',
        priority: artefact ? 'low' : flag.score >= 0.6 ? 'high' : 'medium',
        text: artefact ? `check sensor: ${flag.message} (likely artefact)` : flag.message,
        values: value === undefined ? {} : { [flag.vital]: value },
        devices: [deviceOf(deviceId)],
        score: flag.score,
        artefact,
        expiresAfterMs: holdMs,
      },
      now,
    );
  }

  function updateRisk(p: PatientState, now: number): void {
    const model = params.model;
    if (!model || now - p.riskAt < riskIntervalMs) return;
    p.riskAt = now;
    const from = Math.max(p.firstAt, now - DAY);
    p.series = p.series.filter((r) => r.time >= from);
    const features = featuresFromReadings({
      readings: p.series,
      admittedAt: from,
      hours: 24,
      featureSet: 'vitals',
    });
    const probability = model.predict(features);
    p.view.risk = { probability, at: now, model: model.sha256, threshold: riskThreshold };
    const family = 'deterioration-risk';
    if (probability >= riskThreshold) {
      alerts.observe(
        {
          patient: p.view.patient,
          family,
          reason: 'deterioration-risk',
          priority: 'medium',
          text: `deterioration risk ${(probability * 100).toFixed(0)} % (vitals-only model, in-hospital death)`,
          values: { risk: probability },
          devices: p.view.news2.devices,
          score: probability,
          artefact: false,
        },
        now,
      );
    } else if (probability < 0.8 * riskThreshold) alerts.clear(p.view.patient, family, now);
  }

  return {
    observe(input) {
      const { patient, deviceId, time, quarantined } = input;
      let p = patients.get(patient);
      if (!p) {
        p = {
          view: {
            patient,
            updatedAt: time,
            vitals: {},
            news2: { ...computeNews2({}), assumptions: ASSUMPTIONS, at: time, devices: [] },
            flags: [],
          },
          trusted: {},
          series: [],
          firstAt: time,
          riskAt: Number.NEGATIVE_INFINITY,
        };
        patients.set(patient, p);
      }
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
        const lv: LiveValue = {
          value,
          time,
          deviceId,
          quarantined,
          ...(suspect.has(vital) ? { suspect: suspect.get(vital)! } : {}),
        };
        p.view.vitals[vital] = lv;
        if (quarantined || suspect.has(vital)) continue;
        const h = p.trusted[vital] ?? {};
        p.trusted[vital] = { ...(h.last ? { prev: h.last } : {}), last: lv };
        const last = p.series[p.series.length - 1];
        p.series.push({ time, parameter: vital === 'pulseRate' ? 'heartRate' : vital, value });
        if (p.series.length > 20_000 && last) p.series.splice(0, 5_000);
      }
      p.view.updatedAt = time;
      const now = input.now ?? time;
      if (!quarantined) {
        p.view.news2 = news2(p, time);
        for (const f of flags) raiseFlag(patient, f, deviceId, input.values[f.vital], now);
        raiseNews2(p, now);
        updateRisk(p, time);
      }
      // A clock that went backwards (replayed data) sweeps at once.
      if (now - sweptAt >= sweepEveryMs || now < sweptAt) {
        sweptAt = now;
        alerts.tick(now);
      }
      params.onVitals?.(p.view);
    },
    get: (patient) => patients.get(patient)?.view,
    patients: () => [...patients.keys()],
  };
}
