/** Euclidean norm of a parameter vector. */
export function l2Norm(v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!;
  return Math.sqrt(s);
}

/** Squared Euclidean distance between two vectors of the same length. */
export function squaredDistance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const d = a[j]! - b[j]!;
    s += d * d;
  }
  return s;
}

/** Cosine similarity (0 when either vector is zero). */
export function cosine(a: Float64Array, b: Float64Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let j = 0; j < a.length; j++) {
    ab += a[j]! * b[j]!;
    aa += a[j]! * a[j]!;
    bb += b[j]! * b[j]!;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Σ w_i v_i for vectors of one length. */
export function weightedSum(vectors: readonly Float64Array[], weights: readonly number[], dimension: number) {
  const out = new Float64Array(dimension);
  vectors.forEach((v, i) => {
    const w = weights[i]!;
    if (w === 0) return;
    for (let j = 0; j < dimension; j++) out[j] = out[j]! + w * v[j]!;
  });
  return out;
}

/** Median of numbers (mean of the two middle values for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
