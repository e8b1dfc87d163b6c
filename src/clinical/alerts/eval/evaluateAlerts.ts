import { DEFAULT_PERIODS, type DemoPatient, interpolate, loadDemoPatients } from '../../../sim/index.ts';
import type { DeteriorationModel } from '../../deterioration/loadDeteriorationModel.ts';
import { createLiveMonitor } from '../../live/createLiveMonitor.ts';
import type { LiveVital } from '../../live/observationVitals.ts';
import { createAlertEngine } from '../createAlertEngine.ts';
import type { Alert } from '../types.ts';

/** Injected sensor artefacts (one of each per patient, far apart) and a genuine deterioration. */
export type InjectionKind = 'spike' | 'flatline' | 'dropout' | 'loose-probe';

export type EvaluateAlertsParameters = {
  patients?: DemoPatient[];
  model?: DeteriorationModel | undefined;
  /** Minutes after an injection ends during which its alerts are attributed to it (default 15). */
  windowMinutes?: number;
  /** Minutes after a deterioration starts within which an alert must come (default 60). */
  detectMinutes?: number;
};

export type EvaluateAlertsReturnType = {
  patients: number;
  patientHours: number;
  /** Alerts (new + escalations) attributable to an injected artefact, and how many were labelled artefact. */
  artefactAlerts: number;
  artefactAlertsLabelledArtefact: number;
  artefactLabelShare: number;
  byInjection: Record<InjectionKind, { injected: number; alerts: number; labelledArtefact: number }>;
  deteriorations: number;
  deteriorationsAlerted: number;
  deteriorationAlertedShare: number;
  /** Median minutes from deterioration onset to its first alert. */
  medianMinutesToAlert: number | null;
  /** New alerts per patient-hour on the untouched courses (all reasons, and without sensor-artefact). */
  alertsPerPatientHour: number;
  clinicalAlertsPerPatientHour: number;
  riskModel: boolean;
  seconds: number;
};

type Sample = { minute: number; deviceId: string; values: Partial<Record<LiveVital, number>> };
type Event = { minute: number; alert: Alert; kind: 'new' | 'escalated' };

/** The stay's readings with replayPatient's cadence and interpolation (no signing: alerting ignores it). */
function streamOf(p: DemoPatient): Sample[] {
  const out: Sample[] = [];
  const s = p.series;
  const sys = s.bloodPressure.map((x) => ({ minute: x.minute, value: x.systolic }));
  const dia = s.bloodPressure.map((x) => ({ minute: x.minute, value: x.diastolic }));
  const r = (v: number | undefined, d = 0) =>
    v === undefined ? undefined : Math.round(v * 10 ** d) / 10 ** d;
  for (let sec = 0; sec <= p.lastMinute * 60; sec += 60) {
    const minute = sec / 60;
    const due = (period: number) => sec % period === 0;
    const hr = r(interpolate(s.heartRate, minute));
    const rr = r(interpolate(s.respiratoryRate, minute));
    const mon: Partial<Record<LiveVital, number>> = {};
    if (hr !== undefined && due(DEFAULT_PERIODS.heartRate)) mon.heartRate = hr;
    if (rr !== undefined && due(DEFAULT_PERIODS.respiratoryRate)) mon.respiratoryRate = rr;
    const sb = r(interpolate(sys, minute));
    const db = r(interpolate(dia, minute));
    if (sb !== undefined && db !== undefined && due(DEFAULT_PERIODS.bloodPressure)) {
      mon.systolic = sb;
      mon.diastolic = db;
    }
    if (Object.keys(mon).length) out.push({ minute, deviceId: 'mon', values: mon });
    const spo2 = r(interpolate(s.spo2, minute));
    const oxi: Partial<Record<LiveVital, number>> = {};
    if (spo2 !== undefined && due(DEFAULT_PERIODS.spo2)) oxi.spo2 = spo2;
    if (hr !== undefined && due(DEFAULT_PERIODS.pulse)) oxi.pulseRate = hr;
    if (Object.keys(oxi).length) out.push({ minute, deviceId: 'oxi', values: oxi });
    const temp = r(interpolate(s.bodyTemperature, minute), 1);
    if (temp !== undefined && due(DEFAULT_PERIODS.bodyTemperature))
      out.push({ minute, deviceId: 'thm', values: { temperature: temp } });
  }
  return out;
}

function run(patient: string, samples: Sample[], model: DeteriorationModel | undefined): Event[] {
  const events: Event[] = [];
  let minute = 0;
  const engine = createAlertEngine({
    onEvent: (e) => {
      if (e.type === 'alert') events.push({ minute, alert: { ...e.alert }, kind: 'new' });
      else if (e.change === 'escalated') events.push({ minute, alert: { ...e.alert }, kind: 'escalated' });
    },
  });
  const monitor = createLiveMonitor({ alerts: engine, model });
  for (const s of samples) {
    minute = s.minute;
    monitor.observe({
      patient,
      deviceId: s.deviceId,
      time: s.minute * 60_000,
      values: s.values,
      quarantined: false,
    });
  }
  return events;
}

const clone = (samples: Sample[]) => samples.map((s) => ({ ...s, values: { ...s.values } }));

/** Injects one artefact of each kind at spread-out times; returns the copy and the windows. */
function injectArtefacts(samples: Sample[], last: number) {
  const copy = clone(samples);
  const at = (f: number) => Math.round(120 + f * Math.max(0, last - 240));
  const windows: { kind: InjectionKind; from: number; to: number }[] = [];
  // Spike: one heart-rate sample +60 (monitor and oximeter pulse disagree for that minute too).
  const t1 = at(0.15);
  for (const s of copy) if (s.minute === t1 && s.values.heartRate !== undefined) s.values.heartRate += 60;
  windows.push({ kind: 'spike', from: t1, to: t1 });
  // Flat line: the oximeter repeats one SpO2 value for 15 readings.
  const t2 = at(0.4);
  const stuck = copy.find((s) => s.minute >= t2 && s.values.spo2 !== undefined)?.values.spo2;
  for (const s of copy)
    if (s.minute >= t2 && s.minute < t2 + 15 && s.values.spo2 !== undefined && stuck !== undefined)
      s.values.spo2 = stuck;
  windows.push({ kind: 'flatline', from: t2, to: t2 + 15 });
  // Dropout: the monitor sends nothing for 12 minutes.
  const t3 = at(0.65);
  const kept = copy.filter((s) => !(s.deviceId === 'mon' && s.minute >= t3 && s.minute < t3 + 12));
  windows.push({ kind: 'dropout', from: t3, to: t3 + 12 });
  // Loose probe: one SpO2 reading of 70.
  const t4 = at(0.9);
  for (const s of kept) if (s.minute === t4 && s.values.spo2 !== undefined) s.values.spo2 = 70;
  windows.push({ kind: 'loose-probe', from: t4, to: t4 });
  return { samples: kept, windows };
}

/** A genuine deterioration from `onset`: HR +35, SBP −35, RR +10, SpO2 −6, ramped over 3 minutes, sustained. */
function injectDeterioration(samples: Sample[], onset: number): Sample[] {
  const copy = clone(samples);
  for (const s of copy) {
    if (s.minute < onset) continue;
    const f = Math.min(1, (s.minute - onset + 1) / 3);
    const v = s.values;
    if (v.heartRate !== undefined) v.heartRate = Math.round(v.heartRate + 35 * f);
    if (v.pulseRate !== undefined) v.pulseRate = Math.round(v.pulseRate + 35 * f);
    if (v.systolic !== undefined) v.systolic = Math.round(v.systolic - 35 * f);
    if (v.diastolic !== undefined) v.diastolic = Math.round(Math.min(v.diastolic, (v.systolic ?? 200) - 10));
    if (v.respiratoryRate !== undefined) v.respiratoryRate = Math.round(v.respiratoryRate + 10 * f);
    if (v.spo2 !== undefined) v.spo2 = Math.round(Math.max(70, v.spo2 - 6 * f));
  }
  return copy;
}

/** Alert events of `events` in [from, to] that the clean run did not have (same family, ±margin). */
function added(events: Event[], clean: Event[], from: number, to: number, margin = 30): Event[] {
  return events.filter(
    (e) =>
      e.minute >= from &&
      e.minute <= to &&
      !clean.some(
        (c) =>
          c.alert.family === e.alert.family && c.kind === e.kind && Math.abs(c.minute - e.minute) <= margin,
      ),
  );
}

/**
 * Replays the bundled PhysioNet demo stays through the live monitor and alert engine three times each
 * (untouched, with injected sensor artefacts, with a genuine deterioration) and measures alert precision.
 */
export async function evaluateAlerts(
  params: EvaluateAlertsParameters = {},
): Promise<EvaluateAlertsReturnType> {
  const started = performance.now();
  const patients = params.patients ?? (await loadDemoPatients());
  const window = params.windowMinutes ?? 15;
  const detect = params.detectMinutes ?? 60;
  const byInjection = Object.fromEntries(
    (['spike', 'flatline', 'dropout', 'loose-probe'] as const).map((k) => [
      k,
      { injected: 0, alerts: 0, labelledArtefact: 0 },
    ]),
  ) as EvaluateAlertsReturnType['byInjection'];
  let hours = 0;
  let cleanAlerts = 0;
  let cleanClinical = 0;
  let deteriorations = 0;
  let alerted = 0;
  const delays: number[] = [];
  for (const p of patients) {
    if (p.lastMinute < 300) continue;
    const samples = streamOf(p);
    hours += p.lastMinute / 60;
    const clean = run(p.pseudonym, samples, params.model);
    const fresh = clean.filter((e) => e.kind === 'new');
    cleanAlerts += fresh.length;
    cleanClinical += fresh.filter((e) => !e.alert.artefact).length;
    const art = injectArtefacts(samples, p.lastMinute);
    const artEvents = run(p.pseudonym, art.samples, params.model);
    for (const w of art.windows) {
      const b = byInjection[w.kind];
      b.injected++;
      for (const e of added(artEvents, clean, w.from, w.to + window)) {
        b.alerts++;
        if (e.alert.artefact) b.labelledArtefact++;
      }
    }
    const onset = Math.round(p.lastMinute * 0.5);
    const det = run(p.pseudonym, injectDeterioration(samples, onset), params.model);
    deteriorations++;
    const first = added(det, clean, onset, onset + detect).find((e) => !e.alert.artefact);
    if (first) {
      alerted++;
      delays.push(first.minute - onset);
    }
  }
  const artefactAlerts = Object.values(byInjection).reduce((a, b) => a + b.alerts, 0);
  const labelled = Object.values(byInjection).reduce((a, b) => a + b.labelledArtefact, 0);
  delays.sort((a, b) => a - b);
  return {
    patients: deteriorations,
    patientHours: Math.round(hours * 10) / 10,
    artefactAlerts,
    artefactAlertsLabelledArtefact: labelled,
    artefactLabelShare: artefactAlerts ? labelled / artefactAlerts : Number.NaN,
    byInjection,
    deteriorations,
    deteriorationsAlerted: alerted,
    deteriorationAlertedShare: deteriorations ? alerted / deteriorations : Number.NaN,
    medianMinutesToAlert: delays.length ? delays[Math.floor(delays.length / 2)]! : null,
    alertsPerPatientHour: hours ? cleanAlerts / hours : Number.NaN,
    clinicalAlertsPerPatientHour: hours ? cleanClinical / hours : Number.NaN,
    riskModel: params.model !== undefined,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
