import type { AnomalyFlag } from '../../clinical/index.ts';
import type { Evidence } from './evidenceKinds.ts';

/**
 * Evidence from the IoMT attack detector (`createStreamingAttackScorer`): one `attack_score` item, with
 * the score as strength, when the score reaches the detector's threshold; nothing below it.
 */
export function attackScoreEvidence(p: {
  deviceId: string;
  score: number;
  threshold: number;
  at: number;
}): Evidence | undefined {
  if (!(p.score >= p.threshold)) return undefined;
  return { deviceId: p.deviceId, kind: 'attack_score', at: p.at, strength: Math.min(1, p.score) };
}

/**
 * Evidence from the clinical anomaly detector: flags it judges likely artefacts (not clinical changes)
 * become `anomaly_artefact` with the flag's score as strength.
 */
export function anomalyFlagEvidence(deviceId: string, flags: readonly AnomalyFlag[]): Evidence[] {
  return flags
    .filter((f) => f.likely === 'artefact' && f.score > 0)
    .map((f) => ({
      deviceId,
      kind: 'anomaly_artefact' as const,
      at: f.time,
      strength: Math.min(1, f.score),
    }));
}
