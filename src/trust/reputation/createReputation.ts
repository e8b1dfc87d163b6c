import type { ReputationState } from './types.ts';

/** A device with no evidence yet (its trust is the base rate). */
export function createReputation(at: number): ReputationState {
  return { r: 0, s: 0, at, contributions: {}, counts: {} };
}
