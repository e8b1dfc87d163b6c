import { buildRowFeatures, createFeatureState, type FeatureState } from './buildRowFeatures.ts';
import type { AttackDetector } from './loadAttackDetector.ts';
import type { FlowRecord } from './wustlColumns.ts';

/** Scores rows one by one as they arrive, keeping the recent-rows context of each source. */
export type StreamingAttackScorer = {
  /** Scores `row` against the earlier rows of `source` (default `"default"`), then remembers it. */
  push(row: FlowRecord, source?: string): { score: number; isAttack: boolean };
  /** Forgets the context of one source, or of all. */
  reset(source?: string): void;
  /** Number of sources with a context. */
  readonly sources: number;
};

/** A streaming scorer for the gateway; its features are those of batch training (same builder). */
export function createStreamingAttackScorer(
  detector: Pick<AttackDetector, 'model' | 'booster'>,
): StreamingAttackScorer {
  const states = new Map<string, FeatureState>();
  const { featureSpec, threshold } = detector.model;
  return {
    push(row, source = 'default') {
      let state = states.get(source);
      if (!state) {
        state = createFeatureState(featureSpec);
        states.set(source, state);
      }
      const score = detector.booster.predict([buildRowFeatures(state, row)])[0]!;
      return { score, isAttack: score >= threshold };
    },
    reset(source) {
      if (source === undefined) states.clear();
      else states.delete(source);
    },
    get sources() {
      return states.size;
    },
  };
}
