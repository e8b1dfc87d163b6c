export { type BenchTrustEngineReturnType, benchTrustEngine } from './benchTrustEngine.ts';
export { createLedgerTrustChain, type ScoreCommit, type TrustChain } from './createLedgerTrustChain.ts';
export {
  type CreateTrustEngineParameters,
  checkReason,
  createTrustEngine,
  type TrustEngine,
} from './createTrustEngine.ts';
export {
  type CreateTrustServiceParameters,
  createTrustService,
  type FlushReport,
  type TrustService,
} from './createTrustService.ts';
export { TrustActionError, TrustDeviceUnknownError, TrustStateError } from './errors.ts';
export {
  type RunTrustEvalParameters,
  type RunTrustEvalReturnType,
  runTrustEval,
} from './eval/runTrustEval.ts';
export { SCENARIOS, type ScenarioName } from './eval/scenarios.ts';
export {
  type LoadSpoofedLinkRowsReturnType,
  loadSpoofedLinkRows,
  type SpoofedLinkFlows,
} from './eval/spoofedLinkFlows.ts';
export {
  type CadenceSource,
  type CreateCadenceSourceParameters,
  createCadenceSource,
} from './evidence/createCadenceSource.ts';
export {
  type CreateDisagreementSourceParameters,
  createDisagreementSource,
  type DisagreementResult,
  type DisagreementSource,
} from './evidence/createDisagreementSource.ts';
export {
  type CreateJumpSourceParameters,
  createJumpSource,
  type JumpSource,
} from './evidence/createJumpSource.ts';
export { anomalyFlagEvidence, attackScoreEvidence } from './evidence/detectorEvidence.ts';
export {
  defaultEvidenceWeights,
  EVIDENCE_KIND_NAMES,
  EVIDENCE_KINDS,
  type Evidence,
  type EvidenceDetail,
  type EvidenceKind,
  type EvidenceWeights,
} from './evidence/evidenceKinds.ts';
export { QUANTITY_SCALES, type Quantity, readingQuantities } from './evidence/readingQuantities.ts';
export { REJECTION_EVIDENCE, rejectionEvidence } from './evidence/rejectionEvidence.ts';
export { formatQuarantineReason } from './formatQuarantineReason.ts';
export { loadTrustConfig, type TrustConfig } from './loadTrustConfig.ts';
export * from './reputation/index.ts';
export { evidenceDigest, summarizeEvidence } from './summarizeEvidence.ts';
export {
  loadTrustState,
  type PendingAction,
  saveTrustState,
  TRUST_STATE_KEY,
  type TrustState,
} from './trustState.ts';
export type {
  DeviceTrustRecord,
  EvidenceSummary,
  TrustChange,
  TrustExplanation,
  TrustHistoryEntry,
} from './types.ts';
