import {
  type AttackDetector,
  createStreamingAttackScorer,
  type FlowRecord,
  type StreamingAttackScorer,
} from '../ml/index.ts';
import type { FlowColumn } from '../ml/wustlColumns.ts';
import type { Evidence } from '../trust/index.ts';
import { attackScoreEvidence } from '../trust/index.ts';
import type { VitalsTracker } from './createVitalsTracker.ts';

/** The Argus flow features of one record, by their WUSTL names (no addresses, ports or MACs). */
export type FlowFeatures = { [K in FlowColumn]: number } & { Dir: string; Flgs: string };

/** One flow record of a device's link as a ward network sensor reports it. */
export type FlowInput = { deviceId: string; at: number; flow: FlowFeatures };

/** The outcome of one record. */
export type FlowScore =
  | { deviceId: string; at: number; status: 'scored'; score: number; isAttack: boolean; evidence: boolean }
  | { deviceId: string; at: number; status: 'unknown-device' };

export type CreateFlowScorerParameters = {
  detector: Pick<AttackDetector, 'model' | 'booster'>;
  trust: { addEvidence(items: readonly Evidence[]): void };
  vitals: Pick<VitalsTracker, 'vitalsOf'>;
  /** Records of devices it does not know are answered `unknown-device` and not scored (default: all known). */
  isKnownDevice?: (deviceId: string) => boolean;
  now?: () => number;
};

/** Scores flow records with the attack detector (one context per device) and feeds alarms to trust. */
export type FlowScorer = {
  /** Scores records in the order given (a device's records oldest first); adds evidence for alarms. */
  score(records: readonly FlowInput[]): FlowScore[];
  /** Forgets one device's flow context, or every device's. */
  reset(deviceId?: string): void;
  /** Devices with a flow context. */
  readonly devices: number;
};

/**
 * Joins each record with the device's latest vitals (the WUSTL biometric columns), scores it with the
 * streaming scorer and hands `attackScoreEvidence` to the trust service. Evidence times never lie in the
 * future of the gateway's clock (a sensor cannot pre-date alarms to dodge forgetting).
 */
export function createFlowScorer(p: CreateFlowScorerParameters): FlowScorer {
  const scorer: StreamingAttackScorer = createStreamingAttackScorer(p.detector);
  const threshold = p.detector.model.threshold;
  const now = p.now ?? Date.now;
  return {
    score(records) {
      const out: FlowScore[] = [];
      const evidence: Evidence[] = [];
      const t = now();
      for (const r of records) {
        if (p.isKnownDevice && !p.isKnownDevice(r.deviceId)) {
          out.push({ deviceId: r.deviceId, at: r.at, status: 'unknown-device' });
          continue;
        }
        const row: FlowRecord = { ...r.flow, ...p.vitals.vitalsOf(r.deviceId) };
        const { score, isAttack } = scorer.push(row, r.deviceId);
        const e = attackScoreEvidence({ deviceId: r.deviceId, score, threshold, at: Math.min(r.at, t) });
        if (e) evidence.push(e);
        out.push({
          deviceId: r.deviceId,
          at: r.at,
          status: 'scored',
          score,
          isAttack,
          evidence: e !== undefined,
        });
      }
      if (evidence.length > 0) p.trust.addEvidence(evidence);
      return out;
    },
    reset: (deviceId) => scorer.reset(deviceId),
    get devices() {
      return scorer.sources;
    },
  };
}
