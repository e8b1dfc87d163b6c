import {
  computeOpinion,
  createReputation,
  decayReputation,
  discountNegativeEvidence,
  type ReputationParameters,
  type ReputationState,
} from '../trust/index.ts';

/**
 * How a hospital's per-round scores become trust: the project's beta reputation (the same functions
 * device trust uses), with time counted in rounds (`at` = round number, so half-lives are in rounds).
 */
export type HospitalTrustParameters = {
  reputation: ReputationParameters;
  /** Positive evidence a round scored 1 adds (× score). */
  goodWeight: number;
  /** Negative evidence a round scored 0 adds (× (1 − score)): larger, so a bad round outweighs good ones. */
  badWeight: number;
  /** Negative evidence a refused update (NaN, wrong shape, …) adds. */
  refusedWeight: number;
  /** A hospital whose expected trust falls below this is excluded from the federation. */
  excludeBelow: number;
};

/**
 * Defaults: good evidence halves every 10 rounds, bad evidence every 60 (a poisoner cannot wash its
 * record with a few good rounds); W = 2, a = 0.5 as for devices; exclusion below 0.4 as device quarantine.
 */
export const DEFAULT_HOSPITAL_TRUST: HospitalTrustParameters = {
  reputation: { positiveHalfLifeMs: 10, negativeHalfLifeMs: 60, priorWeight: 2, baseRate: 0.5 },
  goodWeight: 1,
  badWeight: 3,
  refusedWeight: 3,
  excludeBelow: 0.4,
};

/** One hospital's standing in one federation (plain JSON). */
export type HospitalTrust = {
  hospitalId: string;
  rep: ReputationState;
  /** Expected trust E = b + a·u after the last evidence. */
  trust: number;
  excluded: boolean;
  excludedAtRound?: number;
  /** Score of the hospital's last update in [0, 1] (absent before its first). */
  lastScore?: number;
};

/** A hospital that has sent nothing yet: trust is the base rate. */
export function newHospitalTrust(hospitalId: string, params = DEFAULT_HOSPITAL_TRUST): HospitalTrust {
  const rep = createReputation(0);
  return { hospitalId, rep, trust: computeOpinion(rep.r, rep.s, params.reputation).trust, excluded: false };
}

/**
 * Adds one round's evidence: a score in [0, 1] of the hospital's update, or a refused update. Forgets
 * older evidence first. Does not exclude: `decideExclusion` does, so the caller records it.
 */
export function addRoundEvidence(
  record: HospitalTrust,
  evidence: { round: number; score?: number; refused?: boolean },
  params = DEFAULT_HOSPITAL_TRUST,
): HospitalTrust {
  const rep = { ...decayReputation(record.rep, evidence.round, params.reputation) };
  if (evidence.refused) rep.s += params.refusedWeight;
  if (evidence.score !== undefined) {
    const score = Math.min(1, Math.max(0, evidence.score));
    rep.r += params.goodWeight * score;
    rep.s += params.badWeight * (1 - score);
  }
  return {
    ...record,
    rep,
    trust: computeOpinion(rep.r, rep.s, params.reputation).trust,
    ...(evidence.score !== undefined ? { lastScore: evidence.score } : {}),
  };
}

/** Marks a hospital excluded when its trust is below the threshold; returns whether it just was. */
export function decideExclusion(
  record: HospitalTrust,
  round: number,
  params = DEFAULT_HOSPITAL_TRUST,
): { record: HospitalTrust; excludedNow: boolean } {
  if (record.excluded || record.trust >= params.excludeBelow) return { record, excludedNow: false };
  return { record: { ...record, excluded: true, excludedAtRound: round }, excludedNow: true };
}

/** What the consortium admin's reinstatement does: negative evidence forgiven, the hospital back in. */
export function reinstateHospitalTrust(
  record: HospitalTrust,
  params = DEFAULT_HOSPITAL_TRUST,
): HospitalTrust {
  const rep = discountNegativeEvidence(record.rep, 0);
  const { excludedAtRound: _gone, ...rest } = record;
  return { ...rest, rep, excluded: false, trust: computeOpinion(rep.r, rep.s, params.reputation).trust };
}
