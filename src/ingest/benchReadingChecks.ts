import { cpus } from 'node:os';
import { readingLeafHash, readingSignedBytes } from '../identity/index.ts';
import { checkClockSkew } from './checkClockSkew.ts';
import { checkPlausibility } from './checkPlausibility.ts';
import { parseMessage } from './parseMessage.ts';
import { makeTestSigner } from './testFixtures.ts';
import { validateReading } from './validateReading.ts';

/** The measured stages; `allStages` runs all of them in sequence as the pipeline does. */
export type ReadingCheckStage =
  | 'parseMessage'
  | 'validateReading'
  | 'checkPlausibility'
  | 'checkClockSkew'
  | 'signedBytes'
  | 'leafHash'
  | 'leafHashFromSigned'
  | 'allStages';

/** Per-stage throughput of everything a reading costs besides its signature check (one thread). */
export type BenchReadingChecksReturnType = {
  node: string;
  cpu: string;
  readingBytes: number;
  /** Operations per wall-clock second. */
  perSec: Record<ReadingCheckStage, number>;
  /** Operations per second of process CPU time: stable when other jobs share the machine. */
  perCpuSec: Record<ReadingCheckStage, number>;
};

function rate(seconds: number, fn: (i: number) => unknown): { wall: number; cpu: number } {
  let n = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  while (performance.now() < until) for (let k = 0; k < 100; k++) fn(n++);
  const cpu = process.cpuUsage(c0);
  return {
    wall: Math.round(n / ((performance.now() - t0) / 1000)),
    cpu: Math.round(n / ((cpu.user + cpu.system) / 1e6)),
  };
}

/**
 * Measures the cheap stages of ingestion on one thread with realistic signed readings, so they can be
 * compared with the signature-verification ceiling of `benchRawVerify`.
 */
export function benchReadingChecks({ seconds = 1 }: { seconds?: number } = {}): BenchReadingChecksReturnType {
  const signer = makeTestSigner('bench-dev', 'bench-pt');
  const now = Date.now();
  const readings = Array.from({ length: 256 }, (_, i) =>
    i % 5 === 4
      ? signer.sign('bloodPressure', { systolic: 110 + (i % 30), diastolic: 70 + (i % 10) }, now)
      : signer.sign(
          (['heartRate', 'respiratoryRate', 'spo2', 'bodyTemperature'] as const)[i % 4]!,
          [72, 16, 97, 36.9][i % 4]!,
          now,
        ),
  );
  const bytes = readings.map((r) => Buffer.from(JSON.stringify(r)));
  const parsed = bytes.map((b) => (parseMessage(b) as { readings: unknown[] }).readings[0]);
  const signed = readings.map((r) => readingSignedBytes(r));
  const at = (i: number) => i % readings.length;
  const stages: Record<ReadingCheckStage, (i: number) => unknown> = {
    parseMessage: (i) => parseMessage(bytes[at(i)]!),
    validateReading: (i) => validateReading(parsed[at(i)]),
    checkPlausibility: (i) => checkPlausibility(readings[at(i)]!.observation),
    checkClockSkew: (i) => checkClockSkew(readings[at(i)]!.observation.effectiveDateTime!, now),
    signedBytes: (i) => readingSignedBytes(readings[at(i)]!),
    leafHash: (i) => readingLeafHash(readings[at(i)]!),
    leafHashFromSigned: (i) => readingLeafHash(readings[at(i)]!, signed[at(i)]),
    allStages: (i) => {
      const p = parseMessage(bytes[at(i)]!);
      if (!p.ok) return;
      const v = validateReading(p.readings[0]);
      if (!v.ok) return;
      checkPlausibility(v.reading.observation);
      checkClockSkew(v.reading.observation.effectiveDateTime!, now);
      readingLeafHash(v.reading, readingSignedBytes(v.reading));
    },
  };
  const perSec = {} as Record<ReadingCheckStage, number>;
  const perCpuSec = {} as Record<ReadingCheckStage, number>;
  for (const [stage, fn] of Object.entries(stages) as [ReadingCheckStage, (i: number) => unknown][]) {
    const r = rate(seconds, fn);
    perSec[stage] = r.wall;
    perCpuSec[stage] = r.cpu;
  }
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    readingBytes: Math.round(bytes.reduce((s, b) => s + b.length, 0) / bytes.length),
    perSec,
    perCpuSec,
  };
}
