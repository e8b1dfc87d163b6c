export { aggregateFedAvg, weightedAverage } from './aggregateFedAvg.ts';
export { aggregateKrum, type KrumParameters, krumScores } from './aggregateKrum.ts';
export { aggregateMedian } from './aggregateMedian.ts';
export { aggregateTrimmedMean, DEFAULT_TRIM_BETA, trimCount } from './aggregateTrimmedMean.ts';
export {
  aggregateTrustWeighted,
  DEFAULT_SAMPLE_CAP_FACTOR,
  type TrustWeightedParameters,
} from './aggregateTrustWeighted.ts';
export {
  AGGREGATOR_NAMES,
  AGGREGATORS,
  type AggregatorConfig,
  type AggregatorName,
  aggregate,
  DEFAULT_PROXIMAL_MU,
  resolveAggregator,
} from './aggregatorConfig.ts';
export { checkUpdate, checkUpdates } from './checkUpdate.ts';
export { createChainFederationLedger, labelToBytes32 } from './createChainFederationLedger.ts';
export { type CreateLocalClientParameters, createLocalClient } from './createLocalClient.ts';
export {
  AggregationError,
  FederatedModelError,
  FederationConfigError,
  QuorumError,
  UPDATE_REJECTION_CODES,
  UpdateRejectedError,
  type UpdateRejectionCode,
} from './errors.ts';
export { createMemoryFederationLedger, type FederationLedger, type RoundRecord } from './federationLedger.ts';
export {
  addRoundEvidence,
  DEFAULT_HOSPITAL_TRUST,
  decideExclusion,
  type HospitalTrust,
  type HospitalTrustParameters,
  newHospitalTrust,
  reinstateHospitalTrust,
} from './hospitalTrust.ts';
export { type FeatureScaling, fitFeatureScaling, scaledWidth, scaleRow } from './model/featureScaling.ts';
export {
  FEDERATED_MODEL_FORMAT,
  type FederatedModel,
  federatedModelDigest,
  type PlattCalibration,
  predictFederated,
} from './model/federatedModel.ts';
export { type FitLogisticParameters, fitLogistic } from './model/fitLogistic.ts';
export { meanLogLoss, predictLogistic, type ScaledData } from './model/logisticObjective.ts';
export {
  type FederatedModelFile,
  readFederatedModelFile,
  saveFederatedModelFile,
} from './model/modelFile.ts';
export {
  DEFAULT_LOCAL_TRAINING,
  type LocalTraining,
  trainLocalLogistic,
} from './model/trainLocalLogistic.ts';
export { type DifferentialPrivacy, DP_AGGREGATORS } from './privacy/aggregatePrivately.ts';
export { createGaussianSource, type GaussianSource } from './privacy/gaussianSource.ts';
export {
  computeRdp,
  DEFAULT_RDP_ORDERS,
  epsilonAfter,
  noiseMultiplierFor,
  rdpToEpsilon,
} from './privacy/rdpAccountant.ts';
export type {
  FederationClient,
  FederationState,
  RoundReport,
  RoundSettings,
  RoundTask,
} from './roundTypes.ts';
export {
  DEFAULT_SERVER_MOMENTUM,
  type PrivacySettings,
  type RunFederationParameters,
  type RunFederationReturnType,
  runFederation,
} from './runFederation.ts';
export { runRound } from './runRound.ts';
export { scoreUpdates, type UpdateScore } from './scoreUpdates.ts';
export type { AggregationInput, AggregationResult, ModelUpdate } from './types.ts';
export { updateDigest } from './updateDigest.ts';
export {
  type LineageRound,
  type VerifyModelLineageReturnType,
  verifyModelLineage,
} from './verifyModelLineage.ts';
