import { computeAuroc } from './computeAuroc.ts';
import type { AttackCategory } from './wustlColumns.ts';

/** Detection quality on one labelled set. */
export type DetectionMetrics = {
  f1: number;
  precision: number;
  recall: number;
  auroc: number;
  /** Share of each attack category's rows flagged as attacks (NaN when the set has none). */
  recallByCategory: { Spoofing: number; 'Data Alteration': number };
};

export type ComputeDetectionMetricsParameters = {
  /** Attack scores (higher = more likely an attack). */
  scores: readonly number[];
  /** Score at or above which a row is flagged. */
  threshold: number;
  categories: readonly AttackCategory[];
};

/** Precision, recall, F1 (attack = positive class), exact AUROC and recall per attack category. */
export function computeDetectionMetrics({
  scores,
  threshold,
  categories,
}: ComputeDetectionMetricsParameters): DetectionMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const hit = { Spoofing: 0, 'Data Alteration': 0 };
  const total = { Spoofing: 0, 'Data Alteration': 0 };
  const labels = categories.map((c) => (c === 'normal' ? 0 : 1) as 0 | 1);
  for (let i = 0; i < scores.length; i++) {
    const flagged = scores[i]! >= threshold;
    const category = categories[i]!;
    if (category === 'normal') {
      if (flagged) fp++;
      continue;
    }
    total[category]++;
    if (flagged) {
      tp++;
      hit[category]++;
    } else fn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? Number.NaN : tp / (tp + fn);
  const f1 =
    precision + recall === 0 || Number.isNaN(recall) ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    f1,
    precision,
    recall,
    auroc: computeAuroc(scores, labels),
    recallByCategory: {
      Spoofing: total.Spoofing === 0 ? Number.NaN : hit.Spoofing / total.Spoofing,
      'Data Alteration':
        total['Data Alteration'] === 0 ? Number.NaN : hit['Data Alteration'] / total['Data Alteration'],
    },
  };
}
