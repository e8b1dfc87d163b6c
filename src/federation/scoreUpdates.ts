import { predictLogistic, type ScaledData } from './model/logisticObjective.ts';
import type { ModelUpdate } from './types.ts';
import { l2Norm, median } from './vectors.ts';

/** What the coordinator measures of one update, on its own reference patients. */
export type UpdateScore = {
  hospitalId: string;
  /**
   * Paired t statistic, across the reference patients, of the first-order change of each patient's
   * log-loss along this update (> 0: a descent direction of the coordinator's reference loss).
   */
  tDirection: number;
  /** This update's norm over the median norm of the round's updates. */
  normRatio: number;
  /** The evidence in [0, 1] this update adds to its hospital's reputation (1 = good). */
  score: number;
};

export type ScoreUpdatesParameters = {
  global: Float64Array;
  updates: readonly ModelUpdate[];
  /** The coordinator's own reference patients (scaled). */
  reference: ScaledData;
};

/** An update is penalised only when it clearly ascends the reference loss: t from −2 (none) to −5 (all). */
export const HARM_T = { neutral: -2, bad: -5 } as const;
/** An update longer than 3 median norms loses score; one longer than 6 scores 0. */
export const NORM_RATIO = { fine: 3, bad: 6 } as const;

/** Linear ramp: 0 at or below `lo`, 1 at or above `hi`. */
const ramp = (x: number, lo: number, hi: number) => Math.min(1, Math.max(0, (x - lo) / (hi - lo)));

/** Paired t statistic of per-patient values (0 when they do not vary). */
function pairedT(d: readonly number[]): number {
  const mean = d.reduce((a, v) => a + v, 0) / d.length;
  const sd = Math.sqrt(d.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, d.length - 1));
  return sd > 0 ? mean / (sd / Math.sqrt(d.length)) : 0;
}

/**
 * Scores each update of a round from what the coordinator can check on its own reference patients
 * (in the spirit of FLTrust's root data set, but as a test rather than a cosine): does the update
 * descend the reference loss — each patient's first-order loss change along it, −(p − y)·(z·u),
 * tested with a paired t statistic so only a harm clear against the patient-to-patient noise counts —
 * and is it no longer than a few median norms. The score is the product of the two ramps. A hospital
 * that merely differs from the others (non-IID) is not penalised unless its update clearly harms.
 */
export function scoreUpdates(p: ScoreUpdatesParameters): UpdateScore[] {
  if (p.updates.length === 0) return [];
  const dim = p.global.length;
  const residual = predictLogistic(p.global, p.reference.x).map((q, k) => q - p.reference.y[k]!);
  const norms = p.updates.map((u) => l2Norm(u.delta));
  const medianNorm = median(norms);
  return p.updates.map((u, i) => {
    const bias = u.delta[dim - 1]!;
    const tDirection = pairedT(
      p.reference.x.map((z, k) => {
        let dot = bias;
        for (let j = 0; j < z.length; j++) dot += z[j]! * u.delta[j]!;
        return -residual[k]! * dot;
      }),
    );
    const normRatio = medianNorm > 0 ? norms[i]! / medianNorm : 1;
    const score =
      ramp(tDirection, HARM_T.bad, HARM_T.neutral) * ramp(-normRatio, -NORM_RATIO.bad, -NORM_RATIO.fine);
    return { hospitalId: u.hospitalId, tDirection, normRatio, score };
  });
}
