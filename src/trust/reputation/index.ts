export { computeOpinion } from './computeOpinion.ts';
export { createReputation } from './createReputation.ts';
export { decayFactor, decayReputation } from './decayReputation.ts';
export { discountNegativeEvidence } from './discountNegativeEvidence.ts';
export { type ExplainReputationReturnType, explainReputation } from './explainReputation.ts';
export {
  DEFAULT_REPUTATION_PARAMETERS,
  type ExplanationItem,
  type Opinion,
  type ReputationParameters,
  type ReputationState,
} from './types.ts';
export { type UpdateReputationParameters, updateReputation } from './updateReputation.ts';
