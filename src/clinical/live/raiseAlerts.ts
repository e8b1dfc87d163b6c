import type { AlertEngine } from '../alerts/createAlertEngine.ts';
import type { AlertDevice } from '../alerts/types.ts';
import type { AnomalyFlag } from '../anomaly/types.ts';
import { featuresFromReadings } from '../deterioration/featuresFromReadings.ts';
import type { DeteriorationModel } from '../deterioration/loadDeteriorationModel.ts';
import type { PatientState } from './createLiveMonitor.ts';
import { type DeviceStanding, sampleCounts } from './liveWindow.ts';

/** What the alert helpers need from the monitor. */
export type RaiseContext = {
  alerts: AlertEngine;
  risk: { model: DeteriorationModel | undefined; intervalMs: number; threshold: number };
  holdMs: number;
  standingOf: (deviceId: string) => DeviceStanding;
};

const DAY = 24 * 3_600_000;
const PARAMETER_NAMES: Record<string, string> = {
  respirationRate: 'respiratory rate',
  spo2: 'SpO2',
  systolic: 'systolic BP',
  pulse: 'pulse',
  temperature: 'temperature',
};
/** What the deterioration model predicts, for the screen. */
export const RISK_HORIZON = 'in-hospital death (model trained on the first 24 h of ICU vital signs)';

/** Raises, updates or clears the patient's NEWS2 alert; its text names the current total and inputs. */
export function raiseNews2(ctx: RaiseContext, p: PatientState, now: number): void {
  const n = p.view.news2;
  const family = 'news2';
  if (n.band === 'low') {
    ctx.alerts.clear(p.view.patient, family, now, `NEWS2 back to ${n.total} (low)`);
    return;
  }
  const reason =
    n.band === 'high' ? 'news2-high' : n.band === 'medium' ? 'news2-medium' : 'news2-single-parameter';
  const threes = Object.entries(n.scores)
    .filter(([, s]) => s === 3)
    .map(([k]) => PARAMETER_NAMES[k] ?? k);
  const head =
    n.band === 'low-medium'
      ? `NEWS2 ${n.total} with ${threes.join(', ') || 'a single parameter'} scoring 3: urgent ward-based response`
      : `NEWS2 ${n.total} (${n.band} clinical risk)`;
  const missing = n.missing.map((m) => PARAMETER_NAMES[m] ?? m);
  const values: Record<string, number> = { news2: n.total };
  for (const [k, v] of Object.entries(n.scores)) values[`score.${k}`] = v;
  for (const [k, input] of Object.entries(n.inputs)) if (input) values[k] = input.value;
  ctx.alerts.observe(
    {
      patient: p.view.patient,
      family,
      reason,
      priority: n.band === 'high' ? 'high' : 'medium',
      text: missing.length > 0 ? `${head}; missing ${missing.join(', ')} (score is a lower bound)` : head,
      values,
      devices: n.devices,
      score: n.total,
      artefact: false,
      assumptions: n.assumptions,
    },
    now,
  );
}

/** Raises an anomaly alert (a likely artefact goes to the technical list as "check sensor"). */
export function raiseFlag(
  ctx: RaiseContext,
  patient: string,
  flag: AnomalyFlag,
  device: AlertDevice,
  value: number | undefined,
  now: number,
): void {
  const artefact = flag.likely === 'artefact';
  ctx.alerts.observe(
    {
      patient,
      family: artefact ? `sensor-artefact:${device.deviceId}` : `clinical-anomaly:${flag.vital}`,
      reason: artefact ? 'sensor-artefact' : 'clinical-anomaly',
      priority: artefact ? 'low' : flag.score >= 0.6 ? 'high' : 'medium',
      text: artefact ? `check sensor: ${flag.message} (likely artefact)` : flag.message,
      values: value === undefined ? {} : { [flag.vital]: value },
      devices: [device],
      score: flag.score,
      artefact,
      expiresAfterMs: ctx.holdMs,
    },
    now,
  );
}

/** Recomputes the deterioration risk (at most once per interval) from the last 24 h of trusted readings. */
export function updateRisk(ctx: RaiseContext, p: PatientState, now: number): void {
  const { model, intervalMs, threshold } = ctx.risk;
  if (!model || now - p.riskAt < intervalMs) return;
  p.riskAt = now;
  const from = Math.max(p.firstAt, now - DAY);
  p.series = p.series.filter((r) => r.time >= from);
  const trusted = p.series.filter((r) => sampleCounts(r, ctx.standingOf(r.deviceId)));
  const features = featuresFromReadings({
    readings: trusted,
    admittedAt: from,
    hours: 24,
    featureSet: 'vitals',
  });
  const probability = model.predict(features);
  p.view.risk = { probability, at: now, model: model.sha256, threshold, horizon: RISK_HORIZON };
  const family = 'deterioration-risk';
  if (probability >= threshold) {
    ctx.alerts.observe(
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
  } else if (probability < 0.8 * threshold) {
    ctx.alerts.clear(p.view.patient, family, now, `risk back to ${(probability * 100).toFixed(0)} %`);
  }
}
