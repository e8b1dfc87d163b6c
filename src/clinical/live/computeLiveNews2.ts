import type { AlertDevice } from '../alerts/types.ts';
import {
  type ComputeNews2ReturnType,
  computeNews2,
  type News2Parameter,
  scorePulse,
  scoreRespirationRate,
  scoreSpo2Scale1,
  scoreSpo2Scale2,
  scoreSystolic,
  scoreTemperature,
} from '../news2/computeNews2.ts';
import type { PatientEntries } from './clinicalEntries.ts';
import { type DeviceStanding, type LiveWindow, trustedLatest } from './liveWindow.ts';
import type { LiveVital } from './observationVitals.ts';

/** A scored input: the value NEWS2 used, when it was measured and by which device. */
export type News2Input = { value: number; time: number; deviceId: string };

/** NEWS2 of the live view: the score, what it rests on, and what it assumed. */
export type LiveNews2 = ComputeNews2ReturnType & {
  assumptions: string[];
  at: number;
  devices: AlertDevice[];
  scale: 1 | 2;
  inputs: Partial<Record<News2Parameter, News2Input>>;
};

/** Parameters of {@link computeLiveNews2}. */
export type ComputeLiveNews2Parameters = {
  window: LiveWindow;
  standingOf: (deviceId: string) => DeviceStanding;
  deviceOf: (deviceId: string) => AlertDevice;
  entries: PatientEntries;
  now: number;
  /** A vital older than this is missing (the total is then a lower bound). */
  staleMs: number;
  /** A clinician's entry older than this is no longer used (its assumption applies again). */
  entryValidMs: number;
};

const INPUTS: [LiveVital, 'respirationRate' | 'spo2' | 'systolic' | 'pulse' | 'temperature'][] = [
  ['respiratoryRate', 'respirationRate'],
  ['spo2', 'spo2'],
  ['systolic', 'systolic'],
  ['heartRate', 'pulse'],
  ['temperature', 'temperature'],
];

const time = (ms: number) => new Date(ms).toISOString();

/**
 * NEWS2 from the latest trusted, fresh vitals (quarantined and artefact readings left out) and the
 * clinician's entries for consciousness (ACVPU), supplemental oxygen and the SpO2 scale. Each sub-score
 * must be confirmed by two consecutive readings of one device (the less abnormal of the last two within
 * 20 min counts), so one spurious sample cannot raise it.
 */
export function computeLiveNews2(p: ComputeLiveNews2Parameters): LiveNews2 {
  const valid = <T extends { enteredAt: number }>(e: T | undefined) =>
    e && p.now - e.enteredAt <= p.entryValidMs ? e : undefined;
  const acvpu = valid(p.entries.consciousness);
  const oxygen = valid(p.entries.oxygen);
  const scaleEntry = valid(p.entries.spo2Scale);
  const scale = scaleEntry?.scale ?? 1;
  const onOxygen = oxygen?.onOxygen ?? false;
  const spo2Score = (v: number) => (scale === 2 ? scoreSpo2Scale2(v, onOxygen) : scoreSpo2Scale1(v));
  const subscore: Record<(typeof INPUTS)[number][1], (v: number) => number> = {
    respirationRate: scoreRespirationRate,
    spo2: spo2Score,
    systolic: scoreSystolic,
    pulse: scorePulse,
    temperature: scoreTemperature,
  };
  const values: Record<string, number> = {};
  const inputs: LiveNews2['inputs'] = {};
  const devices = new Map<string, AlertDevice>();
  for (const [vital, param] of INPUTS) {
    let h = trustedLatest(p.window, vital, p.standingOf, p.now, p.staleMs);
    // The oximeter's pulse stands in for the heart rate when no ECG is connected.
    if (vital === 'heartRate' && !h) h = trustedLatest(p.window, 'pulseRate', p.standingOf, p.now, p.staleMs);
    if (!h) continue;
    let used = h.last;
    if (
      h.prev &&
      h.last.time - h.prev.time <= 20 * 60_000 &&
      subscore[param](h.prev.value) < subscore[param](h.last.value)
    ) {
      used = h.prev;
    }
    values[param] = used.value;
    inputs[param] = { value: used.value, time: used.time, deviceId: used.deviceId };
    devices.set(h.last.deviceId, p.deviceOf(h.last.deviceId));
  }
  const result = computeNews2({
    ...values,
    consciousness: acvpu?.acvpu ?? 'A',
    onOxygen,
    spo2Scale: scale,
  });
  const stale = (e: { enteredAt: number } | undefined) =>
    e ? ` (the last entry, ${time(e.enteredAt)}, is older than ${p.entryValidMs / 3_600_000} h)` : '';
  const assumptions = [
    acvpu
      ? `consciousness ${acvpu.acvpu} recorded by ${acvpu.enteredBy} at ${time(acvpu.enteredAt)}`
      : `consciousness not recorded: assumed Alert${stale(p.entries.consciousness)}`,
    oxygen
      ? `${oxygen.onOxygen ? `on supplemental oxygen${oxygen.flowLpm ? ` ${oxygen.flowLpm} L/min` : ''}` : 'on air'} recorded by ${oxygen.enteredBy} at ${time(oxygen.enteredAt)}`
      : `oxygen not recorded: assumed air${stale(p.entries.oxygen)}`,
    scaleEntry
      ? `SpO2 scale ${scale} set by ${scaleEntry.enteredBy} at ${time(scaleEntry.enteredAt)}`
      : 'SpO2 scale 1',
  ];
  return { ...result, assumptions, at: p.now, devices: [...devices.values()], scale, inputs };
}
