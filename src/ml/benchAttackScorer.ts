import { cpus } from 'node:os';
import { createStreamingAttackScorer } from './createStreamingAttackScorer.ts';
import type { AttackDetector } from './loadAttackDetector.ts';
import type { FlowRecord } from './wustlColumns.ts';

export type BenchAttackScorerReturnType = {
  rows: number;
  sources: number;
  /** Rows per second through `createStreamingAttackScorer` (one `push` per row, contexts per source). */
  streamingRowsPerSecond: number;
  /** Rows per second through the batch path (`detector.score`), the reference measured in the same run. */
  batchRowsPerSecond: number;
  machine: { cpu: string; cores: number; node: string };
};

/** Measures streaming against batch scoring on the same rows, spread round-robin over `sources` sources. */
export function benchAttackScorer(
  detector: AttackDetector,
  rows: readonly FlowRecord[],
  sources = 100,
): BenchAttackScorerReturnType {
  const t0 = performance.now();
  detector.score(rows);
  const batchMs = performance.now() - t0;
  const scorer = createStreamingAttackScorer(detector);
  const t1 = performance.now();
  for (let i = 0; i < rows.length; i++) scorer.push(rows[i]!, `s${i % sources}`);
  const streamMs = performance.now() - t1;
  return {
    rows: rows.length,
    sources,
    streamingRowsPerSecond: Math.round((rows.length / streamMs) * 1000),
    batchRowsPerSecond: Math.round((rows.length / batchMs) * 1000),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
  };
}
