import { ClinicalDataError } from '../errors.ts';
import { cleanRecord } from '../physionet/cleanRecord.ts';
import type { Outcomes, PhysionetRecord } from '../physionet/types.ts';
import { extractFeatures } from './extractFeatures.ts';
import type { FeatureSet } from './featureSpec.ts';
import { news2Course } from './news2Course.ts';

export type Dataset = {
  recordIds: string[];
  x: number[][];
  y: number[];
  /** Worst NEWS2 over the same window (the baseline), 0 when no vital was charted. */
  news2Worst: number[];
};

/** Cleans stays, extracts features over the first `hours`, and joins the outcomes (stays without one fail). */
export function buildDataset(
  records: PhysionetRecord[],
  outcomes: Outcomes,
  params: { hours: number; featureSet: FeatureSet },
): Dataset {
  const ds: Dataset = { recordIds: [], x: [], y: [], news2Worst: [] };
  for (const raw of records) {
    const label = outcomes.get(raw.recordId);
    if (label === undefined) {
      throw new ClinicalDataError('a stay has no outcome', { details: { recordId: raw.recordId } });
    }
    const record = cleanRecord(raw);
    ds.recordIds.push(record.recordId);
    ds.x.push(extractFeatures(record, params));
    ds.y.push(label);
    ds.news2Worst.push(news2Course(record, params.hours).worst ?? 0);
  }
  return ds;
}

/** Deterministic stratified assignment of rows to `k` folds (shuffled with `seed`). */
export function stratifiedFolds(y: readonly number[], k: number, seed = 1): number[] {
  let s = seed >>> 0 || 1;
  const rand = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const fold = new Array<number>(y.length).fill(0);
  for (const cls of [0, 1]) {
    const idx = y.map((v, i) => (v === cls ? i : -1)).filter((i) => i >= 0);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((row, n) => {
      fold[row] = n % k;
    });
  }
  return fold;
}
