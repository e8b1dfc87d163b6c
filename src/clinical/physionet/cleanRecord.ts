import { PLAUSIBLE_RANGES } from '../deterioration/featureSpec.ts';
import type { PhysionetRecord, Series } from './types.ts';

/**
 * Returns a copy of a stay with recording errors removed: FiO2 given in percent is rescaled to a fraction,
 * pH given x10 or x100 is rescaled, and values outside plausible ranges (e.g. HR 0, Temp -17.8) are dropped.
 */
export function cleanRecord(record: PhysionetRecord): PhysionetRecord {
  const series: Record<string, Series> = {};
  for (const [p, s] of Object.entries(record.series)) {
    const range = PLAUSIBLE_RANGES[p];
    const t: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < s.t.length; i++) {
      let x = s.v[i]!;
      if (p === 'FiO2' && x > 1 && x <= 100) x /= 100;
      if (p === 'pH' && x > 65 && x < 80) x /= 10;
      if (p === 'pH' && x > 650 && x < 800) x /= 100;
      if (range ? x < range[0] || x > range[1] : x < 0) continue;
      t.push(s.t[i]!);
      v.push(x);
    }
    if (t.length > 0) series[p] = { t, v };
  }
  const descriptors: Record<string, number> = {};
  for (const [k, x] of Object.entries(record.descriptors)) {
    const range = PLAUSIBLE_RANGES[k];
    if (!range || (x >= range[0] && x <= range[1])) descriptors[k] = x;
  }
  return { recordId: record.recordId, descriptors, series };
}
