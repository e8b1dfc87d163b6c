export {
  ATTACK_DETECTOR_FORMAT,
  ATTACK_DETECTOR_FORMAT_VERSION,
  type AttackDetectorModel,
  type BoosterParams,
  DEFAULT_BOOSTER_PARAMS,
  WUSTL_CITATION,
} from './attackDetectorModel.ts';
export { type BenchAttackScorerReturnType, benchAttackScorer } from './benchAttackScorer.ts';
export {
  BASELINE_FEATURE_SPEC,
  buildFeatureMatrix,
  buildRowFeatures,
  createFeatureState,
  DEFAULT_FEATURE_SPEC,
  type FeatureSpec,
  type FeatureState,
  featureNames,
} from './buildRowFeatures.ts';
export { chooseThreshold } from './chooseThreshold.ts';
export { computeAuroc } from './computeAuroc.ts';
export { computeDetectionMetrics, type DetectionMetrics } from './computeDetectionMetrics.ts';
export { computeEpisodeStats, type EpisodeStats } from './computeEpisodeStats.ts';
export { createStreamingAttackScorer, type StreamingAttackScorer } from './createStreamingAttackScorer.ts';
export {
  type CrossValidateAttackDetectorReturnType,
  crossValidateAttackDetector,
  type FoldResult,
} from './crossValidateAttackDetector.ts';
export { DatasetError, ModelFileError, TrainingError } from './errors.ts';
export {
  type EvaluateAttackDetectorReturnType,
  evaluateAttackDetector,
  type TestResult,
} from './evaluateAttackDetector.ts';
export { type AttackDetector, loadAttackDetector, parseAttackDetector } from './loadAttackDetector.ts';
export { loadWustlCsv, parseWustlCsv } from './loadWustlCsv.ts';
export { type Booster, loadXgboost, type XgboostModule } from './loadXgboost.ts';
export { DEFAULT_ATTACK_MODEL_PATH, DEFAULT_WUSTL_PATH, REPO_ROOT } from './paths.ts';
export { saveAttackDetector, serializeAttackDetector } from './saveAttackDetector.ts';
export { splitWustlFile } from './splitWustlFile.ts';
export { trainAttackDetector } from './trainAttackDetector.ts';
export type { AttackCategory, FlowRecord, LabelledFlowRecord } from './wustlColumns.ts';
