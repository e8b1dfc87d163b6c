import { EVIDENCE_KINDS, type EvidenceKind } from '../evidence/evidenceKinds.ts';
import type { ReputationParameters, ReputationState } from './types.ts';

/** Multiplier of evidence after `dt` ms with half-life `halfLife`. */
export function decayFactor(dt: number, halfLife: number): number {
  return dt <= 0 ? 1 : 2 ** (-dt / halfLife);
}

/**
 * Forgets evidence up to time `at`: positive evidence with its half-life, negative with its (longer)
 * one. Returns a new state; a time before the state's own leaves it unchanged (no un-forgetting).
 */
export function decayReputation(
  state: ReputationState,
  at: number,
  params: ReputationParameters,
): ReputationState {
  const dt = at - state.at;
  if (dt <= 0) return state;
  const fp = decayFactor(dt, params.positiveHalfLifeMs);
  const fn = decayFactor(dt, params.negativeHalfLifeMs);
  const contributions: ReputationState['contributions'] = {};
  for (const [kind, value] of Object.entries(state.contributions) as [EvidenceKind, number][]) {
    const v = value * (EVIDENCE_KINDS[kind].polarity === 'positive' ? fp : fn);
    if (v > 1e-9) contributions[kind] = v;
  }
  return { r: state.r * fp, s: state.s * fn, at, contributions, counts: state.counts };
}
