import { EVIDENCE_KINDS, type EvidenceKind } from '../evidence/evidenceKinds.ts';
import type { ReputationState } from './types.ts';

/**
 * Keeps only `keep` (0..1) of a device's negative evidence, positive evidence untouched: what an admin's
 * reinstatement does (default policy keep = 0: the admin vouches that the cause was removed, e.g. a
 * rotated key; the event and reason stay on chain, and counts stay in the record).
 */
export function discountNegativeEvidence(state: ReputationState, keep: number): ReputationState {
  const k = Math.min(1, Math.max(0, keep));
  const contributions: ReputationState['contributions'] = {};
  for (const [kind, value] of Object.entries(state.contributions) as [EvidenceKind, number][]) {
    const v = EVIDENCE_KINDS[kind].polarity === 'negative' ? value * k : value;
    if (v > 1e-9) contributions[kind] = v;
  }
  return { ...state, s: state.s * k, contributions, counts: { ...state.counts } };
}
