import type { BoosterParams } from './attackDetectorModel.ts';
import type { DetectionMetrics } from './computeDetectionMetrics.ts';
import { TrainingError } from './errors.ts';
import { type EvaluateAttackDetectorReturnType, evaluateAttackDetector } from './evaluateAttackDetector.ts';
import type { XgboostModule } from './loadXgboost.ts';
import type { LabelledFlowRecord } from './wustlColumns.ts';

export type CrossValidateAttackDetectorParameters = {
  /** All labelled rows in time order. */
  rows: readonly LabelledFlowRecord[];
  /** Number of contiguous folds (default 5). */
  folds?: number;
  /** Rows dropped from training on each side of a test block, so no episode straddles train and test (default 50). */
  gap?: number;
  /** Evaluate only these fold indexes (default: all). */
  only?: readonly number[];
  params?: Partial<BoosterParams>;
};

export type FoldResult = EvaluateAttackDetectorReturnType & { fold: number; testRange: [number, number] };

export type CrossValidateAttackDetectorReturnType = {
  folds: FoldResult[];
  mean: DetectionMetrics & { baseline: DetectionMetrics };
};

function meanOf(metrics: readonly DetectionMetrics[]): DetectionMetrics {
  // NaN (a fold without that category) is left out of the mean.
  const avg = (pick: (m: DetectionMetrics) => number) => {
    const values = metrics.map(pick).filter((v) => !Number.isNaN(v));
    return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
  };
  return {
    f1: avg((m) => m.f1),
    precision: avg((m) => m.precision),
    recall: avg((m) => m.recall),
    auroc: avg((m) => m.auroc),
    recallByCategory: {
      Spoofing: avg((m) => m.recallByCategory.Spoofing),
      'Data Alteration': avg((m) => m.recallByCategory['Data Alteration']),
    },
  };
}

/**
 * Blocked cross-validation over contiguous time periods: fold k tests on the k-th block and
 * trains on the periods before and after it (minus a gap), which the test block never sees.
 */
export function crossValidateAttackDetector(
  xgb: XgboostModule,
  { rows, folds = 5, gap = 50, only, params }: CrossValidateAttackDetectorParameters,
): CrossValidateAttackDetectorReturnType {
  if (!Number.isInteger(folds) || folds < 2 || rows.length < folds * 200) {
    throw new TrainingError('cross-validation needs at least 2 folds of 200 rows each', {
      details: { folds, rows: rows.length },
    });
  }
  const results: FoldResult[] = [];
  for (let k = 0; k < folds; k++) {
    if (only && !only.includes(k)) continue;
    const start = Math.floor((rows.length * k) / folds);
    const end = Math.floor((rows.length * (k + 1)) / folds);
    const train = [
      rows.slice(0, Math.max(0, start - gap)),
      rows.slice(Math.min(rows.length, end + gap)),
    ].filter((period) => period.length > 0);
    const result = evaluateAttackDetector(xgb, {
      train,
      test: rows.slice(start, end),
      ...(params ? { params } : {}),
    });
    results.push({ fold: k, testRange: [start, end], ...result });
  }
  return {
    folds: results,
    mean: { ...meanOf(results), baseline: meanOf(results.map((r) => r.baseline)) },
  };
}
