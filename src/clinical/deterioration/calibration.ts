/** Platt scaling: p = 1 / (1 + exp(-(a * logit(raw) + b))). */
export type PlattCalibration = { method: 'platt'; a: number; b: number };

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
};

/** Applies a Platt calibration to a raw probability. */
export function applyCalibration(cal: PlattCalibration, raw: number): number {
  return 1 / (1 + Math.exp(-(cal.a * logit(raw) + cal.b)));
}

/**
 * Fits Platt scaling on out-of-fold raw probabilities (Newton's method on the logistic log-loss, with
 * Platt's smoothed targets to avoid overconfidence on small folds).
 */
export function fitPlatt(labels: readonly number[], raw: readonly number[]): PlattCalibration {
  const pos = labels.reduce((a, b) => a + b, 0);
  const neg = labels.length - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const x = raw.map(logit);
  const y = labels.map((l) => (l === 1 ? hi : lo));
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let g1 = 0;
    let g2 = 0;
    let h11 = 1e-9;
    let h12 = 0;
    let h22 = 1e-9;
    for (let i = 0; i < x.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * x[i]! + b)));
      const r = p - y[i]!;
      const w = p * (1 - p);
      g1 += r * x[i]!;
      g2 += r;
      h11 += w * x[i]! * x[i]!;
      h12 += w * x[i]!;
      h22 += w;
    }
    const det = h11 * h22 - h12 * h12;
    if (Math.abs(det) < 1e-12) break;
    const da = (h22 * g1 - h12 * g2) / det;
    const db = (h11 * g2 - h12 * g1) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { method: 'platt', a, b };
}
