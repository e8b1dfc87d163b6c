import type { BoosterParams } from './attackDetectorModel.ts';
import {
  BASELINE_FEATURE_SPEC,
  buildFeatureMatrix,
  DEFAULT_FEATURE_SPEC,
  type FeatureSpec,
} from './buildRowFeatures.ts';
import { computeDetectionMetrics, type DetectionMetrics } from './computeDetectionMetrics.ts';
import { computeEpisodeStats, type EpisodeStats } from './computeEpisodeStats.ts';
import type { XgboostModule } from './loadXgboost.ts';
import { trainAttackDetector } from './trainAttackDetector.ts';
import type { LabelledFlowRecord } from './wustlColumns.ts';

export type EvaluateAttackDetectorParameters = {
  /** The training period, or several periods (temporal context is rebuilt at each start). */
  train: readonly LabelledFlowRecord[] | readonly (readonly LabelledFlowRecord[])[];
  test: readonly LabelledFlowRecord[];
  featureSpec?: FeatureSpec;
  params?: Partial<BoosterParams>;
};

/** Metrics of one detector on the test period, with its threshold and episode-level view. */
export type TestResult = DetectionMetrics & { threshold: number; episodes: EpisodeStats };

export type EvaluateAttackDetectorReturnType = TestResult & {
  baseline: TestResult;
  rows: { train: number; test: number };
};

function trainAndTest(
  xgb: XgboostModule,
  train: EvaluateAttackDetectorParameters['train'],
  test: readonly LabelledFlowRecord[],
  featureSpec: FeatureSpec,
  params: Partial<BoosterParams> | undefined,
): TestResult {
  const { model, booster } = trainAttackDetector(xgb, {
    rows: train,
    featureSpec,
    ...(params ? { params } : {}),
  });
  try {
    // The test period starts from an empty context, as a detector would after a restart.
    const scores = booster.predict(buildFeatureMatrix(test, featureSpec));
    const categories = test.map((r) => r.category);
    const metrics = computeDetectionMetrics({ scores, threshold: model.threshold, categories });
    const episodes = computeEpisodeStats({ scores, threshold: model.threshold, categories });
    return { ...metrics, threshold: model.threshold, episodes };
  } finally {
    booster.free();
  }
}

/** Trains the detector and the per-row baseline on `train`, and measures both on the later, unseen `test` period. */
export function evaluateAttackDetector(
  xgb: XgboostModule,
  { train, test, featureSpec = DEFAULT_FEATURE_SPEC, params }: EvaluateAttackDetectorParameters,
): EvaluateAttackDetectorReturnType {
  const model = trainAndTest(xgb, train, test, featureSpec, params);
  const baseline = trainAndTest(xgb, train, test, BASELINE_FEATURE_SPEC, params);
  const trainRows = (Array.isArray(train[0]) ? train.flat() : train).length;
  return { ...model, baseline, rows: { train: trainRows, test: test.length } };
}
