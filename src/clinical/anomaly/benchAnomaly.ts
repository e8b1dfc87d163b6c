import os from 'node:os';
import { createAnomalyDetector } from './createAnomalyDetector.ts';
import type { Vital } from './types.ts';

export type BenchAnomalyParameters = { patients?: number; readingsPerPatient?: number };

export type BenchAnomalyReturnType = {
  readings: number;
  patients: number;
  seconds: number;
  readingsPerSecond: number;
  microsPerReading: number;
  /** Same loop without the detector (input generation only), measured in the same run. */
  baselineMicrosPerReading: number;
  flags: number;
  machine: string;
};

/**
 * Measures the streaming detector: each reading is one patient's six simultaneous vitals at 1 Hz, with
 * occasional spikes, so every code path runs. Prints nothing; the CLI prints the result.
 */
export function benchAnomaly(params: BenchAnomalyParameters = {}): BenchAnomalyReturnType {
  const patients = params.patients ?? 1000;
  const perPatient = params.readingsPerPatient ?? 200;
  const detector = createAnomalyDetector();
  let seed = 42;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const make = (i: number): Record<Vital, number> => ({
    heartRate: 75 + rand() * 6 + (i % 97 === 50 ? 60 : 0),
    respiratoryRate: 16 + rand() * 3,
    spo2: 96 + rand() * 2,
    temperature: 36.8 + rand() * 0.2,
    systolic: 120 + rand() * 8,
    diastolic: 75 + rand() * 6,
  });
  const ids = Array.from({ length: patients }, (_, i) => `patient-${i}`);
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < perPatient; i++) for (let p = 0; p < patients; p++) sink += make(i).heartRate;
  const t1 = process.hrtime.bigint();
  let flags = 0;
  for (let i = 0; i < perPatient; i++) {
    for (let p = 0; p < patients; p++) flags += detector.observe(ids[p]!, i * 1000, make(i)).length;
  }
  const t2 = process.hrtime.bigint();
  const readings = patients * perPatient;
  const seconds = Number(t2 - t1) / 1e9;
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  return {
    readings,
    patients,
    seconds,
    readingsPerSecond: Math.round(readings / seconds),
    microsPerReading: (seconds * 1e6) / readings,
    baselineMicrosPerReading: sink > 0 ? Number(t1 - t0) / 1e3 / readings : 0,
    flags,
    machine: `${cpu}, ${os.cpus().length} cores, Node ${process.version}`,
  };
}
