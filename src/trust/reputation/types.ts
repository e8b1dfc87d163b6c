import type { EvidenceKind } from '../evidence/evidenceKinds.ts';

/** Parameters of the beta-reputation / subjective-logic model. */
export type ReputationParameters = {
  /** Half-life of positive evidence (ms). */
  positiveHalfLifeMs: number;
  /** Half-life of negative evidence (ms); longer than the positive one so bad records fade slowly. */
  negativeHalfLifeMs: number;
  /** Non-informative prior weight W (2 in Jøsang's beta reputation). */
  priorWeight: number;
  /** Base rate a: the expected trust of a device without evidence. */
  baseRate: number;
};

/** Defaults: good evidence halves every 20 min, bad evidence every 6 h (18x slower); W = 2, a = 0.5. */
export const DEFAULT_REPUTATION_PARAMETERS: ReputationParameters = {
  positiveHalfLifeMs: 20 * 60_000,
  negativeHalfLifeMs: 6 * 3600_000,
  priorWeight: 2,
  baseRate: 0.5,
};

/** The decayed evidence of one device at time `at`. Plain JSON, so it can be persisted as is. */
export type ReputationState = {
  /** Positive evidence (decayed, weighted). */
  r: number;
  /** Negative evidence (decayed, weighted). */
  s: number;
  /** Time the decay was last applied (ms). */
  at: number;
  /** Decayed weighted contribution of each kind (sums to r for positive kinds, s for negative). */
  contributions: Partial<Record<EvidenceKind, number>>;
  /** Raw number of occurrences of each kind ever seen (not decayed). */
  counts: Partial<Record<EvidenceKind, number>>;
};

/** A subjective-logic binomial opinion. b + d + u = 1; expected trust E = b + a·u. */
export type Opinion = {
  belief: number;
  disbelief: number;
  uncertainty: number;
  baseRate: number;
  /** Expected trust in [0, 1]. */
  trust: number;
};

/** One line of an explanation: how much one kind moved the score. */
export type ExplanationItem = {
  kind: EvidenceKind;
  polarity: 'positive' | 'negative';
  label: string;
  /** Decayed weighted evidence of this kind. */
  contribution: number;
  /** Signed change of the expected trust this kind causes (trust with it minus trust without it). */
  effect: number;
  count: number;
};
