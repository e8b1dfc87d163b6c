import { describe, expect, it } from 'vitest';
import type { PhysionetRecord } from '../physionet/types.ts';
import { buildDataset, shiftRecord } from './buildDataset.ts';
import { extractFeatures } from './extractFeatures.ts';
import { featureNames } from './featureSpec.ts';
import { trainingRows } from './trainDeteriorationModel.ts';

// Hand-made stays (values invented, not from any data set).
function stay(id: string, hrAt30h: number): PhysionetRecord {
  return {
    recordId: id,
    descriptors: { Age: 70, Gender: 1, ICUType: 2, Weight: 80 },
    series: {
      HR: { t: [30, 600, 13 * 60, 30 * 60, 47 * 60], v: [80, 90, 100, hrAt30h, 70] },
      GCS: { t: [60, 25 * 60], v: [15, 9] },
    },
  };
}

describe('training-time window augmentation', () => {
  it('shiftRecord drops observations before the offset and re-bases the rest', () => {
    const s = shiftRecord(stay('1', 150), 12 * 60);
    expect(s.series.HR).toEqual({ t: [60, 18 * 60, 35 * 60], v: [100, 150, 70] });
    expect(s.series.GCS).toEqual({ t: [13 * 60], v: [9] });
    expect(s.descriptors.Age).toBe(70);
  });

  it('augmented rows are the later windows of the same stay; real rows stay the first hours', () => {
    const outcomes = new Map<string, 0 | 1>([
      ['1', 1],
      ['2', 0],
    ]);
    const spec = { hours: 24, featureSet: 'vitals' as const };
    const plain = buildDataset([stay('1', 150), stay('2', 60)], outcomes, spec);
    const ds = buildDataset([stay('1', 150), stay('2', 60)], outcomes, {
      ...spec,
      augmentOffsetsHours: [12, 24],
    });
    expect(ds.x).toEqual(plain.x);
    expect(ds.augmented?.row).toEqual([0, 0, 1, 1]);
    const hrMax = featureNames('vitals').indexOf('HR.max');
    expect(ds.x[0]![hrMax]).toBe(100);
    expect(ds.augmented!.x[0]![hrMax]).toBe(150);
    expect(ds.augmented!.x[0]).toEqual(extractFeatures(shiftRecord(stay('1', 150), 12 * 60), spec));
    // Only the augmented rows of the requested stays join their training rows, with their labels.
    const rows = trainingRows(ds, [1]);
    expect(rows.x).toEqual([ds.x[1], ds.augmented!.x[2], ds.augmented!.x[3]]);
    expect(rows.y).toEqual([0, 0, 0]);
  });
});
