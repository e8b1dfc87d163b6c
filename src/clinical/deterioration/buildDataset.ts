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
  /**
   * Training-only extra rows: features of later windows of the same stays (see `augmentOffsetsHours`),
   * `row[j]` is the index of the stay (its real row) that augmented row `j` came from; label `y[row[j]]`.
   */
  augmented?: { x: number[][]; row: number[] };
  /**
   * Auxiliary training label of each stay (e.g. death in hospital or within 30 days, see
   * `readAuxiliaryOutcomes`): only ever used to train an auxiliary model, never to score.
   */
  yAux?: number[];
};

/**
 * A copy of a (cleaned) stay re-based to start `offsetMinutes` after ICU admission: observations before
 * the offset are dropped and times shifted, so the window [offset, offset + hours] looks like the first
 * `hours`. Descriptors are kept.
 */
export function shiftRecord(record: PhysionetRecord, offsetMinutes: number): PhysionetRecord {
  const series: PhysionetRecord['series'] = {};
  for (const [p, s] of Object.entries(record.series)) {
    let i = 0;
    while (i < s.t.length && s.t[i]! < offsetMinutes) i++;
    if (i < s.t.length) series[p] = { t: s.t.slice(i).map((t) => t - offsetMinutes), v: s.v.slice(i) };
  }
  return { recordId: record.recordId, descriptors: record.descriptors, series };
}

/** Cleans stays, extracts features over the first `hours`, and joins the outcomes (stays without one fail). */
export function buildDataset(
  records: PhysionetRecord[],
  outcomes: Outcomes,
  params: {
    hours: number;
    featureSet: FeatureSet;
    /**
     * Training-time augmentation: for each stay, also extract features from the window starting this many
     * hours after admission (re-based, same label) into `augmented`. Test rows never use these.
     */
    augmentOffsetsHours?: readonly number[];
    /** Auxiliary training labels (into `yAux`); every stay needs one. */
    auxOutcomes?: Outcomes;
  },
): Dataset {
  const ds: Dataset = { recordIds: [], x: [], y: [], news2Worst: [] };
  const offsets = params.augmentOffsetsHours ?? [];
  if (offsets.length) ds.augmented = { x: [], row: [] };
  const aux = params.auxOutcomes;
  if (aux) ds.yAux = [];
  for (const raw of records) {
    const label = outcomes.get(raw.recordId);
    if (label === undefined) {
      throw new ClinicalDataError('a stay has no outcome', { details: { recordId: raw.recordId } });
    }
    const record = cleanRecord(raw);
    ds.recordIds.push(record.recordId);
    ds.x.push(extractFeatures(record, params));
    ds.y.push(label);
    if (aux) {
      const a = aux.get(raw.recordId);
      if (a === undefined) {
        throw new ClinicalDataError('a stay has no auxiliary outcome', {
          details: { recordId: raw.recordId },
        });
      }
      ds.yAux!.push(a);
    }
    ds.news2Worst.push(news2Course(record, params.hours).worst ?? 0);
    for (const o of offsets) {
      ds.augmented!.x.push(extractFeatures(shiftRecord(record, o * 60), params));
      ds.augmented!.row.push(ds.y.length - 1);
    }
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
