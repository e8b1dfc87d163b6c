import { availableParallelism, cpus } from 'node:os';
import { buildObservation } from '../ingest/buildObservation.ts';
import type { AcceptedReading } from '../ingest/createIngestPipeline.ts';
import { createTrustEngine } from './createTrustEngine.ts';

export type BenchTrustEngineReturnType = {
  devices: number;
  readings: number;
  readingsPerSecond: number;
  explainPerSecond: number;
  machine: { cpu: string; cores: number; node: string };
};

/**
 * Measures the trust engine alone (what the pipeline hook adds per reading): `patients` patients with
 * three heart-rate devices each, `rounds` readings per device, then one explanation per device.
 */
export function benchTrustEngine(p: { patients?: number; rounds?: number } = {}): BenchTrustEngineReturnType {
  const patients = p.patients ?? 1000;
  const rounds = p.rounds ?? 20;
  const engine = createTrustEngine();
  const readings: AcceptedReading[] = [];
  let pos = 0;
  for (let m = 0; m < rounds; m++) {
    for (let i = 0; i < patients; i++) {
      for (const d of ['mon', 'ecg', 'oxi']) {
        pos += 1;
        const deviceId = `p${i}-${d}`;
        const at = m * 1000;
        readings.push({
          id: `r${pos}`,
          pos,
          patient: `p${i}`,
          quarantined: false,
          receivedAt: at,
          transport: 'mqtt',
          reading: {
            v: 1,
            deviceId,
            seq: m + 1,
            sig: '',
            observation: buildObservation({
              kind: 'heartRate',
              value: 80 + ((pos * 7) % 5),
              deviceId,
              patient: `p${i}`,
              effectiveAt: at,
            }),
          },
        });
      }
    }
  }
  const t0 = performance.now();
  for (let i = 0; i < readings.length; i += 500) engine.observeAccepted(readings.slice(i, i + 500));
  const t1 = performance.now();
  const ids = engine.deviceIds();
  for (const id of ids) engine.explain(id);
  const t2 = performance.now();
  return {
    devices: ids.length,
    readings: readings.length,
    readingsPerSecond: Math.round(readings.length / ((t1 - t0) / 1000)),
    explainPerSecond: Math.round(ids.length / ((t2 - t1) / 1000)),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), node: process.version },
  };
}
