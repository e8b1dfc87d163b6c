import { EVIDENCE_KINDS, type EvidenceKind } from '../evidence/evidenceKinds.ts';
import { computeOpinion } from './computeOpinion.ts';
import type { ExplanationItem, Opinion, ReputationParameters, ReputationState } from './types.ts';

export type ExplainReputationReturnType = { opinion: Opinion; items: ExplanationItem[] };

/**
 * The opinion of a (decayed) state and the evidence kinds that moved it, most influential first:
 * each kind's effect is the trust with all evidence minus the trust without that kind's contribution.
 */
export function explainReputation(
  state: ReputationState,
  params: ReputationParameters,
): ExplainReputationReturnType {
  const opinion = computeOpinion(state.r, state.s, params);
  const items: ExplanationItem[] = [];
  for (const [kind, contribution] of Object.entries(state.contributions) as [EvidenceKind, number][]) {
    const info = EVIDENCE_KINDS[kind];
    const without =
      info.polarity === 'positive'
        ? computeOpinion(Math.max(0, state.r - contribution), state.s, params)
        : computeOpinion(state.r, Math.max(0, state.s - contribution), params);
    items.push({
      kind,
      polarity: info.polarity,
      label: info.label,
      contribution,
      effect: opinion.trust - without.trust,
      count: state.counts[kind] ?? 0,
    });
  }
  items.sort((x, y) => Math.abs(y.effect) - Math.abs(x.effect) || x.kind.localeCompare(y.kind));
  return { opinion, items };
}
