import {
  addRoundEvidence,
  decideExclusion,
  type HospitalTrust,
  type HospitalTrustParameters,
} from './hospitalTrust.ts';
import type { ScaledData } from './model/logisticObjective.ts';
import { scoreUpdates, type UpdateScore } from './scoreUpdates.ts';
import type { ModelUpdate } from './types.ts';

export type WeighHospitalsParameters = {
  round: number;
  global: Float64Array;
  accepted: readonly ModelUpdate[];
  refused: readonly { hospitalId: string }[];
  reference: ScaledData;
  trust: ReadonlyMap<string, HospitalTrust>;
  params: HospitalTrustParameters;
  /** Exclude hospitals whose trust fell below the threshold (the trust-weighted rule only). */
  exclude: boolean;
};

/**
 * One round of hospital reputation: scores the accepted updates (`scoreUpdates`), adds each score,
 * and each refusal, as evidence to its hospital's beta reputation and, for the trust rule, excludes
 * the hospitals now below the threshold. Returns the new trust and the updates still eligible.
 */
export function weighHospitals(p: WeighHospitalsParameters): {
  trust: Map<string, HospitalTrust>;
  scores: UpdateScore[];
  excludedNow: string[];
  kept: ModelUpdate[];
} {
  const trust = new Map(p.trust);
  const scores = scoreUpdates({ global: p.global, updates: p.accepted, reference: p.reference });
  const add = (id: string, evidence: { score?: number; refused?: boolean }) => {
    const record = trust.get(id);
    if (record) trust.set(id, addRoundEvidence(record, { round: p.round, ...evidence }, p.params));
  };
  for (const r of p.refused) add(r.hospitalId, { refused: true });
  for (const s of scores) add(s.hospitalId, { score: s.score });
  const excludedNow: string[] = [];
  if (p.exclude) {
    for (const [id, record] of trust) {
      const decision = decideExclusion(record, p.round, p.params);
      trust.set(id, decision.record);
      if (decision.excludedNow) excludedNow.push(id);
    }
  }
  const kept = p.accepted.filter((u) => !trust.get(u.hospitalId)?.excluded);
  return { trust, scores, excludedNow, kept };
}
