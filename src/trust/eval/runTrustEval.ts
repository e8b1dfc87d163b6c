import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFlowScorer, createVitalsTracker, type FlowScorer } from '../../flows/index.ts';
import { generateDeviceKeyPair, type SignedReading } from '../../identity/index.ts';
import { createIngestPipeline } from '../../ingest/createIngestPipeline.ts';
import type { DeviceDirectory, DirectoryDevice } from '../../ingest/deviceDirectory.ts';
import { createVerifyPool } from '../../ingest/index.ts';
import type { LabelledFlowRecord } from '../../ml/index.ts';
import type { VitalColumn } from '../../ml/wustlColumns.ts';
import {
  createSimulatedDevice,
  type DemoPatient,
  interpolate,
  loadDemoPatients,
  type SimulatedDevice,
} from '../../sim/index.ts';
import { openStore } from '../../store/index.ts';
import { type CreateTrustEngineParameters, createTrustEngine } from '../createTrustEngine.ts';
import type { TrustChange } from '../types.ts';
import { createRandom, type DeviceRole, SCENARIOS, type ScenarioDefinition } from './scenarios.ts';
import { fileVitalsOf, flowFeaturesOf, type SpoofedLinkFlows } from './spoofedLinkFlows.ts';

export type RunTrustEvalParameters = {
  /** ICU stays to replay (default: the bundled PhysioNet demo stays). */
  patients?: DemoPatient[];
  /** Simulated honest patients, each with four devices (default 60). */
  honestPatients?: number;
  /** Minutes simulated (default 240). */
  minutes?: number;
  /** Minute the attacks start; before it every device is honest (default 120). */
  onsetMinute?: number;
  /** Chance that an honest oximeter's pulse reading is a motion artefact 20-40 /min off (default 0.003). */
  artefactRate?: number;
  seed?: number;
  engine?: CreateTrustEngineParameters;
  verifyWorkers?: number;
  /**
   * WUSTL flow rows and the attack detector for the "spoofed link" scenario: every device's link gets one
   * flow record per minute, scored through the live flow scorer; without it (or with `{ skipped }`) the
   * scenario is skipped and says why.
   */
  flows?: SpoofedLinkFlows | { skipped: string };
};

export type ScenarioResult = {
  name: string;
  description: string;
  deviceId: string;
  quarantined: boolean;
  /** Readings the device sent (accepted or rejected) from the onset up to the one that quarantined it. */
  readingsUntilQuarantine: number | null;
  minutesUntilQuarantine: number | null;
  readingsSentSinceOnset: number;
  /** Flow records of the device's link scored from the onset up to quarantine (flow scenarios only). */
  flowsUntilQuarantine?: number | null;
  reason: string | null;
  /** Honest devices of the same patient that were quarantined too. */
  collateral: { deviceId: string; minute: number; reason: string }[];
};

export type RunTrustEvalReturnType = {
  mode: 'ingest pipeline (signed readings, worker-pool signature checks, temp SQLite store) + trust engine';
  minutes: number;
  onsetMinute: number;
  readings: { accepted: number; rejected: number };
  honest: {
    devices: number;
    quarantined: { deviceId: string; minute: number; reason: string }[];
    falseQuarantineRate: number;
  };
  scenarios: ScenarioResult[];
  /** Scenarios that did not run, with the reason (e.g. the WUSTL file is absent). */
  skipped: { name: string; reason: string }[];
  /** Flow records scored (every device's link, one per minute) when the flow scenario ran. */
  flows?: {
    source: string;
    vitals: 'device' | 'file';
    scored: number;
    alarms: { honest: number; attackerBeforeOnset: number; attackerSinceOnset: number };
    attackRowsUsed: number;
    attackStart: number;
  };
  goals: { attacksQuarantinedWithin60: boolean; falseQuarantineAtMost1Percent: boolean };
  seconds: number;
};

type Episode = {
  id: string;
  stay: DemoPatient;
  other: DemoPatient;
  from: number;
  scenario?: ScenarioDefinition;
  devices: Record<DeviceRole, SimulatedDevice>;
  captured: SignedReading[];
};

const T0 = Date.UTC(2026, 0, 1);
const ROLES: Record<DeviceRole, { suffix: string; kind: 'monitor' | 'oximeter' | 'thermometer' }> = {
  monitor: { suffix: 'mon', kind: 'monitor' },
  patch: { suffix: 'ecg', kind: 'monitor' },
  oximeter: { suffix: 'oxi', kind: 'oximeter' },
  thermometer: { suffix: 'thm', kind: 'thermometer' },
};
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * `vigil eval trust`: honest patients and one patient per attack scenario, replayed from real ICU stays
 * through the real ingest pipeline (signed readings, signature pool, replay and rate checks, SQLite
 * store), with the trust engine fed by the pipeline's `onAccepted`/`onRejected` hooks.
 */
export async function runTrustEval(p: RunTrustEvalParameters = {}): Promise<RunTrustEvalReturnType> {
  const started = performance.now();
  const stays = p.patients ?? (await loadDemoPatients());
  const minutes = p.minutes ?? 240;
  const onset = p.onsetMinute ?? 120;
  const artefactRate = p.artefactRate ?? 0.003;
  const rnd = createRandom(p.seed ?? 1);
  const honestCount = p.honestPatients ?? 60;
  const flowData = p.flows && 'normal' in p.flows ? p.flows : undefined;
  const scenarioList = SCENARIOS.filter((s) => !s.flows || flowData);
  const skipped = SCENARIOS.filter((s) => s.flows && !flowData).map((s) => ({
    name: s.name,
    reason: p.flows && 'skipped' in p.flows ? p.flows.skipped : 'no WUSTL flow records given',
  }));
  const windows = Math.max(1, Math.floor((Math.min(...stays.map((s) => s.lastMinute)) - minutes) / 600) + 1);

  const episodes: Episode[] = [];
  const makeDevices = (id: string, patient: string) => {
    const out = {} as Record<DeviceRole, SimulatedDevice>;
    for (const role of Object.keys(ROLES) as DeviceRole[]) {
      out[role] = createSimulatedDevice({
        deviceId: `${id}-${ROLES[role].suffix}`,
        patient,
        kind: ROLES[role].kind,
        privateKey: generateDeviceKeyPair().privateKey,
      });
    }
    return out;
  };
  for (let i = 0; i < honestCount + scenarioList.length; i++) {
    const scenario = i >= honestCount ? scenarioList[i - honestCount] : undefined;
    const stay = stays[i % stays.length]!;
    const id = scenario ? `atk${i - honestCount}` : `hon${i}`;
    episodes.push({
      id,
      stay,
      other: stays[(i + Math.floor(stays.length / 2)) % stays.length]!,
      from: (Math.floor(i / stays.length) % windows) * 600,
      ...(scenario ? { scenario } : {}),
      devices: makeDevices(id, `pt-${id}`),
      captured: [],
    });
  }

  const dir = await mkdtemp(join(tmpdir(), 'vigil-trust-eval-'));
  const store = await openStore({ dataDir: dir, masterKey: randomBytes(32).toString('hex') });
  const verifyPool = createVerifyPool({ size: p.verifyWorkers ?? 2 });
  const directory = new Map<string, DirectoryDevice>();
  for (const e of episodes) {
    for (const d of Object.values(e.devices)) {
      directory.set(d.deviceId, {
        deviceId: d.deviceId,
        orgId: 'org-eval',
        kind: d.kind,
        patient: d.patient,
        publicKey: d.publicKey,
        status: 'active',
        quarantined: false,
      });
    }
  }
  const devices: DeviceDirectory = { get: (id) => directory.get(id) };
  const engine = createTrustEngine(p.engine);
  let clock = T0;
  const onsetAt = T0 + onset * 60_000;
  const sinceOnset = new Map<string, number>();
  const quarantinedAt = new Map<string, { readings: number; at: number; reason: string }>();
  const flowsSinceOnset = new Map<string, number>();
  const flowsAtQuarantine = new Map<string, number>();
  const count = (deviceId: string | undefined, at: number) => {
    if (deviceId === undefined || at < onsetAt) return;
    sinceOnset.set(deviceId, (sinceOnset.get(deviceId) ?? 0) + 1);
  };
  const handle = (changes: TrustChange[]) => {
    for (const c of changes) {
      if (c.type !== 'quarantine') continue;
      const dev = directory.get(c.deviceId);
      if (dev) dev.quarantined = true;
      if (!flowsAtQuarantine.has(c.deviceId)) {
        flowsAtQuarantine.set(c.deviceId, flowsSinceOnset.get(c.deviceId) ?? 0);
      }
      quarantinedAt.set(c.deviceId, {
        readings: sinceOnset.get(c.deviceId) ?? 0,
        at: c.at,
        reason: c.reason,
      });
    }
  };
  const tracker = createVitalsTracker();
  let rowVitals: Record<VitalColumn, number> | undefined;
  const flowScorer: FlowScorer | undefined = flowData
    ? createFlowScorer({
        detector: flowData.detector,
        trust: { addEvidence: (items) => handle(engine.addEvidence(items)) },
        vitals: flowData.vitals === 'file' ? { vitalsOf: () => rowVitals! } : tracker,
        now: () => clock,
      })
    : undefined;
  const flowStats = { scored: 0, honest: 0, attackerBeforeOnset: 0, attackerSinceOnset: 0, attackRows: 0 };
  const spoofed = episodes.find((e) => e.scenario?.name === 'spoofed-link');
  const spoofedId = spoofed?.devices[spoofed.scenario!.role].deviceId;
  const flowDevices = episodes.flatMap((e) => Object.values(e.devices).map((d) => d.deviceId));
  const scoreFlows = (m: number) => {
    if (!flowScorer || !flowData) return;
    const { normal, attack } = flowData;
    for (const [g, deviceId] of flowDevices.entries()) {
      if (engine.isQuarantined(deviceId)) continue;
      const attacking = deviceId === spoofedId && m >= onset;
      // Each link replays its own stretch of normal rows (offsets spread over the file); the spoofed
      // link replays the attack rows in file order from the onset on.
      const row: LabelledFlowRecord = attacking
        ? attack[((flowData.attackStart ?? 0) + m - onset) % attack.length]!
        : normal[(g * 1009 + m) % normal.length]!;
      if (attacking) flowStats.attackRows = Math.min(attack.length, m - onset + 1);
      rowVitals = fileVitalsOf(row);
      // Counted before scoring: the record whose alarm quarantines the device is one of them.
      if (m >= onset) flowsSinceOnset.set(deviceId, (flowsSinceOnset.get(deviceId) ?? 0) + 1);
      const [r] = flowScorer.score([{ deviceId, at: clock, flow: flowFeaturesOf(row) }]);
      flowStats.scored += 1;
      if (r?.status === 'scored' && r.isAttack) {
        if (deviceId !== spoofedId) flowStats.honest += 1;
        else if (m < onset) flowStats.attackerBeforeOnset += 1;
        else flowStats.attackerSinceOnset += 1;
      }
    }
  };
  const pipeline = createIngestPipeline({
    store,
    devices,
    verifyPool,
    now: () => clock,
    onAccepted: (readings) => {
      tracker.onAccepted(readings);
      for (const a of readings) {
        count(a.reading.deviceId, a.receivedAt);
        handle(engine.observeAccepted([a]));
      }
    },
    onRejected: (rejections) => {
      for (const r of rejections) {
        count(r.deviceId, r.receivedAt);
        handle(engine.observeRejected([r]));
      }
    },
  });

  try {
    for (let m = 0; m < minutes; m++) {
      clock = T0 + m * 60_000;
      const batch: { device: SimulatedDevice; reading: SignedReading }[] = [];
      for (const e of episodes) batch.push(...readingsOfMinute(e, m, clock, onset, rnd, artefactRate));
      await Promise.all(
        batch.map(({ device, reading }) =>
          pipeline.submit(Buffer.from(JSON.stringify(reading)), {
            transport: 'mqtt',
            deviceId: device.deviceId,
          }),
        ),
      );
      scoreFlows(m);
      handle(engine.checkGaps(clock));
    }
    await pipeline.drain();
  } finally {
    await verifyPool.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }

  const honestDevices = episodes
    .filter((e) => !e.scenario)
    .flatMap((e) => Object.values(e.devices).map((d) => d.deviceId));
  const honestQuarantined = honestDevices.filter((id) => engine.isQuarantined(id));
  const scenarios: ScenarioResult[] = episodes
    .filter((e) => e.scenario)
    .map((e) => {
      const s = e.scenario!;
      const deviceId = e.devices[s.role].deviceId;
      const q = quarantinedAt.get(deviceId);
      return {
        name: s.name,
        description: s.description,
        deviceId,
        quarantined: q !== undefined,
        readingsUntilQuarantine: q ? q.readings : null,
        minutesUntilQuarantine: q ? Math.round((q.at - onsetAt) / 60_000) : null,
        readingsSentSinceOnset: sinceOnset.get(deviceId) ?? 0,
        ...(s.flows ? { flowsUntilQuarantine: flowsAtQuarantine.get(deviceId) ?? null } : {}),
        reason: q ? q.reason : null,
        collateral: Object.values(e.devices)
          .map((d) => d.deviceId)
          .filter((id) => id !== deviceId && engine.isQuarantined(id))
          .map((id) => ({
            deviceId: id,
            minute: Math.round((engine.record(id)!.quarantine!.at - T0) / 60_000),
            reason: engine.record(id)!.quarantine!.reason,
          })),
      };
    });
  const stats = pipeline.stats();
  const falseQuarantineRate = honestQuarantined.length / honestDevices.length;
  return {
    mode: 'ingest pipeline (signed readings, worker-pool signature checks, temp SQLite store) + trust engine',
    minutes,
    onsetMinute: onset,
    readings: { accepted: stats.accepted, rejected: stats.rejected },
    honest: {
      devices: honestDevices.length,
      quarantined: honestQuarantined.map((id) => ({
        deviceId: id,
        minute: Math.round((engine.record(id)!.quarantine!.at - T0) / 60_000),
        reason: engine.record(id)!.quarantine!.reason,
      })),
      falseQuarantineRate,
    },
    scenarios,
    skipped,
    ...(flowData
      ? {
          flows: {
            source: flowData.source,
            vitals: flowData.vitals ?? 'device',
            scored: flowStats.scored,
            alarms: {
              honest: flowStats.honest,
              attackerBeforeOnset: flowStats.attackerBeforeOnset,
              attackerSinceOnset: flowStats.attackerSinceOnset,
            },
            attackRowsUsed: flowStats.attackRows,
            attackStart: flowData.attackStart ?? 0,
          },
        }
      : {}),
    goals: {
      attacksQuarantinedWithin60: scenarios.every(
        (s) => s.readingsUntilQuarantine !== null && s.readingsUntilQuarantine <= 60,
      ),
      falseQuarantineAtMost1Percent: falseQuarantineRate <= 0.01,
    },
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/** The signed readings one simulated patient's devices send in stay minute `m` (honest or attacked). */
function readingsOfMinute(
  e: Episode,
  m: number,
  at: number,
  onset: number,
  rnd: ReturnType<typeof createRandom>,
  artefactRate: number,
): { device: SimulatedDevice; reading: SignedReading }[] {
  const minute = e.from + m;
  const { series } = e.stay;
  const truth = (s: { minute: number; value: number }[]) => interpolate(s, minute);
  const hr = truth(series.heartRate);
  const rr = truth(series.respiratoryRate);
  const spo2 = truth(series.spo2);
  const temp = truth(series.bodyTemperature);
  const sys = interpolate(
    series.bloodPressure.map((b) => ({ minute: b.minute, value: b.systolic })),
    minute,
  );
  const dia = interpolate(
    series.bloodPressure.map((b) => ({ minute: b.minute, value: b.diastolic })),
    minute,
  );
  const attack = e.scenario && m >= onset ? e.scenario.name : undefined;
  const k = m - onset;
  const out: { device: SimulatedDevice; reading: SignedReading }[] = [];
  const { monitor, patch, oximeter, thermometer } = e.devices;
  const send = (device: SimulatedDevice, reading: SignedReading) => {
    out.push({ device, reading });
    if (device === oximeter && !attack) e.captured.push(reading);
  };
  const r0 = (v: number) => Math.round(v);

  if (hr !== undefined) {
    let h = hr + 2 * rnd.normal();
    if (attack === 'slow-drift') h += 0.4 * (k + 1);
    if (attack === 'on-off' && k % 20 < 5) h += 35;
    if (attack === 'stolen-key') h = hr - 30 * Math.min(1, (k + 1) / 20) + 2 * rnd.normal();
    send(monitor, monitor.sign('heartRate', clamp(r0(h), 25, 250), at));
    let h2 = hr + 2 * rnd.normal();
    if (attack === 'disagreeing')
      h2 = (interpolate(e.other.series.heartRate, minute) ?? hr) + 2 * rnd.normal();
    send(patch, patch.sign('heartRate', clamp(r0(h2), 25, 250), at));
    let pulse = hr + 2.5 * rnd.normal();
    if (rnd.next() < artefactRate) pulse += (rnd.next() < 0.5 ? -1 : 1) * (20 + 20 * rnd.next());
    if (attack === 'constant-bias') pulse += 25;
    send(oximeter, oximeter.sign('heartRate', clamp(r0(pulse), 25, 250), at));
  }
  if (rr !== undefined) {
    let v = rr + rnd.normal();
    if (attack === 'stolen-key') v = rr + (14 - rr) * Math.min(1, (k + 1) / 20) + rnd.normal();
    send(monitor, monitor.sign('respiratoryRate', clamp(r0(v), 4, 60), at));
  }
  if (spo2 !== undefined) {
    let v = spo2 + 0.8 * rnd.normal();
    if (attack === 'constant-bias') v -= 5;
    send(oximeter, oximeter.sign('spo2', clamp(r0(v), 60, 100), at));
  }
  if (sys !== undefined && dia !== undefined && minute % 15 === 0) {
    const s = clamp(r0(sys + 3 * rnd.normal()), 50, 250);
    const d = clamp(r0(dia + 3 * rnd.normal()), 20, s - 5);
    send(monitor, monitor.sign('bloodPressure', { systolic: s, diastolic: d }, at));
  }
  if (temp !== undefined && minute % 60 === 0) {
    send(
      thermometer,
      thermometer.sign('bodyTemperature', Math.round((temp + 0.1 * rnd.normal()) * 10) / 10, at),
    );
  }
  if (attack === 'replay' && e.captured.length > 0) {
    for (let i = 0; i < 2; i++) send(oximeter, e.captured[(2 * k + i) % e.captured.length]!);
  }
  if (attack === 'flood' && hr !== undefined) {
    for (let i = 0; i < 60; i++)
      send(oximeter, oximeter.sign('heartRate', clamp(r0(hr + 2.5 * rnd.normal()), 25, 250), at));
  }
  return out;
}
