import type { SignedReading } from '../identity/index.ts';
import { generateDeviceKeyPair } from '../identity/index.ts';
import { createSimulatedDevice, type SimulatedDevice } from './createSimulatedDevice.ts';
import type { DemoPatient, Sample } from './loadDemoPatients.ts';

/** The bedside devices of one simulated patient. */
export type PatientDevices = {
  monitor: SimulatedDevice;
  oximeter: SimulatedDevice;
  thermometer: SimulatedDevice;
};

/** Streams emitted during a replay; `pulse` is the oximeter's heart rate. */
export type ReplayStream =
  | 'heartRate'
  | 'respiratoryRate'
  | 'bloodPressure'
  | 'spo2'
  | 'pulse'
  | 'bodyTemperature';

/** Default stay-seconds between readings of each stream (a bedside monitor's usual cadence). */
export const DEFAULT_PERIODS: Record<ReplayStream, number> = {
  heartRate: 60,
  respiratoryRate: 60,
  spo2: 60,
  pulse: 60,
  bloodPressure: 900,
  bodyTemperature: 3600,
};

/** Inputs of `replayPatient`. */
export type ReplayPatientParameters = {
  patient: DemoPatient;
  devices: PatientDevices;
  /** Wall-clock epoch ms at which stay minute `fromMinute` is replayed (default now). */
  startAt?: number;
  /** Time compression: stay seconds per wall-clock second (default 60: a stay hour in a minute). */
  speed?: number;
  fromMinute?: number;
  /** Last stay minute to replay (default the stay's last sample). */
  toMinute?: number;
  /** Stay-seconds between readings per stream (merged over `DEFAULT_PERIODS`). */
  periods?: Partial<Record<ReplayStream, number>>;
};

/** One reading due at wall-clock time `at` (its effectiveDateTime), from `device`. */
export type ReplayEvent = {
  at: number;
  device: SimulatedDevice;
  stream: ReplayStream;
  reading: SignedReading;
};

/** Value at `minute`: linear between neighbouring samples, held before the first and after the last. */
export function interpolate(series: readonly Sample[], minute: number): number | undefined {
  if (series.length === 0) return undefined;
  if (minute <= series[0]!.minute) return series[0]!.value;
  const last = series[series.length - 1]!;
  if (minute >= last.minute) return last.value;
  let lo = 0;
  let hi = series.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (series[mid]!.minute <= minute) lo = mid;
    else hi = mid;
  }
  const a = series[lo]!;
  const b = series[hi]!;
  return a.value + ((b.value - a.value) * (minute - a.minute)) / (b.minute - a.minute);
}

/** Creates fresh keys and the three bedside devices of a demo patient (`<prefix><stay>-mon|-oxi|-thm`). */
export function createPatientDevices(patient: DemoPatient, prefix = 'sim-'): PatientDevices {
  const make = (suffix: string, kind: 'monitor' | 'oximeter' | 'thermometer') =>
    createSimulatedDevice({
      deviceId: `${prefix}${patient.stay}-${suffix}`,
      patient: patient.pseudonym,
      kind,
      privateKey: generateDeviceKeyPair().privateKey,
    });
  return {
    monitor: make('mon', 'monitor'),
    oximeter: make('oxi', 'oximeter'),
    thermometer: make('thm', 'thermometer'),
  };
}

/**
 * Walks a stay's series in stay time and yields signed readings in time order, time-compressed by
 * `speed`. Transport-free: the caller sends each reading when `at` comes (or at once, for load tests).
 */
export function* replayPatient(p: ReplayPatientParameters): Generator<ReplayEvent> {
  const speed = p.speed ?? 60;
  if (!(speed > 0)) throw new RangeError('speed must be positive');
  const startAt = p.startAt ?? Date.now();
  const from = (p.fromMinute ?? 0) * 60;
  const to = (p.toMinute ?? p.patient.lastMinute) * 60;
  const periods = { ...DEFAULT_PERIODS, ...p.periods };
  const { series } = p.patient;
  const { monitor, oximeter, thermometer } = p.devices;
  const sys = series.bloodPressure.map((s) => ({ minute: s.minute, value: s.systolic }));
  const dia = series.bloodPressure.map((s) => ({ minute: s.minute, value: s.diastolic }));
  const step = Math.min(...Object.values(periods));
  for (let t = from; t <= to; t += step) {
    const at = Math.round(startAt + ((t - from) * 1000) / speed);
    const minute = t / 60;
    const due = (stream: ReplayStream) => (t - from) % periods[stream] === 0;
    const round = (v: number | undefined, digits = 0) =>
      v === undefined ? undefined : Math.round(v * 10 ** digits) / 10 ** digits;
    const emit = function* (
      stream: ReplayStream,
      device: SimulatedDevice,
      reading: () => SignedReading | undefined,
    ) {
      if (!due(stream)) return;
      const r = reading();
      if (r) yield { at, device, stream, reading: r };
    };
    const hr = round(interpolate(series.heartRate, minute));
    const rr = round(interpolate(series.respiratoryRate, minute));
    const spo2 = round(interpolate(series.spo2, minute));
    const temp = round(interpolate(series.bodyTemperature, minute), 1);
    const s = round(interpolate(sys, minute));
    const d = round(interpolate(dia, minute));
    yield* emit('heartRate', monitor, () =>
      hr === undefined ? undefined : monitor.sign('heartRate', hr, at),
    );
    yield* emit('respiratoryRate', monitor, () =>
      rr === undefined ? undefined : monitor.sign('respiratoryRate', rr, at),
    );
    yield* emit('bloodPressure', monitor, () =>
      // Interpolating two pairs can never invert them (both ends have d < s), so the pair stays plausible.
      s === undefined || d === undefined
        ? undefined
        : monitor.sign('bloodPressure', { systolic: s, diastolic: d }, at),
    );
    yield* emit('spo2', oximeter, () => (spo2 === undefined ? undefined : oximeter.sign('spo2', spo2, at)));
    yield* emit('pulse', oximeter, () => (hr === undefined ? undefined : oximeter.sign('heartRate', hr, at)));
    yield* emit('bodyTemperature', thermometer, () =>
      temp === undefined ? undefined : thermometer.sign('bodyTemperature', temp, at),
    );
  }
}
