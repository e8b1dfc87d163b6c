import { MISSING } from '../../clinical/deterioration/featureSpec.ts';
import { median } from '../vectors.ts';

/**
 * How raw deterioration features (−999 = missing) become model inputs: impute the median, standardise,
 * clip to ±`clip` SD, and add one standardised missingness indicator per distinct missingness pattern.
 * Fitted once, on the coordinator's own reference patients, and fixed for the whole federation, so no
 * hospital reveals statistics of its patients for it and every hospital scales its rows the same way.
 */
export type FeatureScaling = {
  missingValue: number;
  clip: number;
  impute: number[];
  mean: number[];
  sd: number[];
  /** Feature index whose missingness each indicator encodes. */
  indicators: number[];
  indicatorMean: number[];
  indicatorSd: number[];
};

const CLIP_SD = 5;

/** Fits the scaling on reference rows (never a hospital's rows). */
export function fitFeatureScaling(rows: readonly (readonly number[])[]): FeatureScaling {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const missing = (v: number) => v === MISSING || !Number.isFinite(v);
  const s: FeatureScaling = {
    missingValue: MISSING,
    clip: CLIP_SD,
    impute: [],
    mean: [],
    sd: [],
    indicators: [],
    indicatorMean: [],
    indicatorSd: [],
  };
  const patterns = new Set<string>();
  for (let j = 0; j < d; j++) {
    const present = rows.map((r) => r[j]!).filter((v) => !missing(v));
    const fill = present.length ? median(present) : 0;
    const filled = rows.map((r) => (missing(r[j]!) ? fill : r[j]!));
    const mean = filled.reduce((a, v) => a + v, 0) / Math.max(1, n);
    const variance = filled.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, n);
    s.impute.push(fill);
    s.mean.push(mean);
    s.sd.push(Math.sqrt(variance));
    const pattern = rows.map((r) => (missing(r[j]!) ? '1' : '0')).join('');
    if (present.length > 0 && present.length < n && !patterns.has(pattern)) {
      patterns.add(pattern);
      const p = 1 - present.length / n;
      s.indicators.push(j);
      s.indicatorMean.push(p);
      s.indicatorSd.push(Math.sqrt(p * (1 - p)));
    }
  }
  return s;
}

/** Number of model inputs the scaling produces (features, then indicators). */
export function scaledWidth(s: FeatureScaling): number {
  return s.mean.length + s.indicators.length;
}

/** Scales one raw feature row. */
export function scaleRow(s: FeatureScaling, row: readonly number[]): Float64Array {
  const d = s.mean.length;
  const out = new Float64Array(d + s.indicators.length);
  const missing = (v: number) => v === s.missingValue || !Number.isFinite(v);
  for (let j = 0; j < d; j++) {
    const sd = s.sd[j]!;
    if (!(sd > 1e-12)) continue;
    const v = missing(row[j]!) ? s.impute[j]! : row[j]!;
    out[j] = Math.max(-s.clip, Math.min(s.clip, (v - s.mean[j]!) / sd));
  }
  s.indicators.forEach((src, k) => {
    const sd = s.indicatorSd[k]!;
    if (sd > 1e-12) out[d + k] = ((missing(row[src]!) ? 1 : 0) - s.indicatorMean[k]!) / sd;
  });
  return out;
}
