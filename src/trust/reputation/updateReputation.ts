import { EVIDENCE_KINDS, type Evidence, type EvidenceWeights } from '../evidence/evidenceKinds.ts';
import { decayReputation } from './decayReputation.ts';
import type { ReputationParameters, ReputationState } from './types.ts';

export type UpdateReputationParameters = {
  evidence: readonly Pick<Evidence, 'kind' | 'at' | 'strength'>[];
  weights: EvidenceWeights;
  params: ReputationParameters;
};

/**
 * Adds evidence to a device's reputation: decays to each item's time (items older than the state count
 * at the state's time), then adds weight × strength to r or s and to the kind's contribution.
 */
export function updateReputation(state: ReputationState, p: UpdateReputationParameters): ReputationState {
  let next: ReputationState = {
    ...state,
    contributions: { ...state.contributions },
    counts: { ...state.counts },
  };
  for (const e of p.evidence) {
    next = decayReputation(next, e.at, p.params);
    const strength = Math.min(1, Math.max(0, e.strength ?? 1));
    const amount = p.weights[e.kind] * strength;
    if (EVIDENCE_KINDS[e.kind].polarity === 'positive') next.r += amount;
    else next.s += amount;
    next.contributions[e.kind] = (next.contributions[e.kind] ?? 0) + amount;
    next.counts[e.kind] = (next.counts[e.kind] ?? 0) + 1;
  }
  return next;
}
