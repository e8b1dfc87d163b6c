/**
 * Rényi-DP accountant for the sampled Gaussian mechanism (Mironov, Talwar, Zhang 2019, "Rényi
 * Differential Privacy of the Sampled Gaussian Mechanism"): each round releases a sum of clipped
 * updates (L2 sensitivity 1 after scaling by the clip norm) plus N(0, σ²), each hospital taking part
 * with probability q. RDP composes by addition over rounds; ε at δ uses the conversion of Balle et
 * al. 2020 / Canonne, Kamath, Steinke 2020 (the one TF Privacy and Opacus use).
 */

/** Orders α at which RDP is tracked (Opacus's defaults: 1.1 … 10.9 by 0.1, then 12 … 63). */
export const DEFAULT_RDP_ORDERS: readonly number[] = [
  ...Array.from({ length: 99 }, (_, i) => 1 + (i + 1) / 10),
  ...Array.from({ length: 52 }, (_, i) => 12 + i),
];

function logAdd(x: number, y: number): number {
  const [a, b] = x < y ? [x, y] : [y, x];
  return a === Number.NEGATIVE_INFINITY ? b : Math.log1p(Math.exp(a - b)) + b;
}

function logSub(x: number, y: number): number {
  if (y === Number.NEGATIVE_INFINITY) return x;
  if (x <= y) return Number.NEGATIVE_INFINITY;
  return Math.log(Math.expm1(x - y)) + y;
}

/**
 * log(erfc(x)), accurate in the far tail: Numerical Recipes' Chebyshev fit of erfc (relative error
 * < 1.2e-7 everywhere), evaluated in log space so large arguments do not underflow.
 */
export function logErfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const logTail = Math.log(t) + poly;
  return x >= 0 ? logTail : Math.log(2 - Math.exp(logTail));
}

/** log A_α for integer α (Mironov et al. 2019, Section 3.3). */
function logAInteger(q: number, sigma: number, alpha: number): number {
  let logA = Number.NEGATIVE_INFINITY;
  let logCoef = 0;
  for (let i = 0; i <= alpha; i++) {
    if (i > 0) logCoef += Math.log((alpha - i + 1) / i);
    const term = logCoef + i * Math.log(q) + (alpha - i) * Math.log1p(-q) + (i * i - i) / (2 * sigma * sigma);
    logA = logAdd(logA, term);
  }
  return logA;
}

/** log A_α for fractional α: the two-sided series of Mironov et al. 2019 (Section 3.3), to e^-30. */
function logAFractional(q: number, sigma: number, alpha: number): number {
  let logA0 = Number.NEGATIVE_INFINITY;
  let logA1 = Number.NEGATIVE_INFINITY;
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  // log |C(α, i)| and its sign, updated from one term to the next (C(α, i+1) = C(α, i)(α − i)/(i + 1)).
  let logCoef = 0;
  let sign = 1;
  for (let i = 0; ; i++) {
    if (i > 0) {
      const factor = (alpha - i + 1) / i;
      if (factor < 0) sign = -sign;
      logCoef += Math.log(Math.abs(factor));
    }
    const j = alpha - i;
    const logT0 = logCoef + i * Math.log(q) + j * Math.log1p(-q);
    const logT1 = logCoef + j * Math.log(q) + i * Math.log1p(-q);
    const logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    const logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
    if (sign > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < -30 || i > 10_000) break;
  }
  return logAdd(logA0, logA1);
}

/** RDP at order α of one step of the sampled Gaussian mechanism with rate q and noise multiplier σ. */
export function rdpSampledGaussianStep(q: number, sigma: number, alpha: number): number {
  if (q === 0) return 0;
  if (q === 1) return alpha / (2 * sigma * sigma);
  if (!Number.isFinite(alpha)) return Number.POSITIVE_INFINITY;
  const logA = Number.isInteger(alpha) ? logAInteger(q, sigma, alpha) : logAFractional(q, sigma, alpha);
  return logA / (alpha - 1);
}

/** RDP at each order after `steps` compositions of the sampled Gaussian mechanism. */
export function computeRdp(
  q: number,
  noiseMultiplier: number,
  steps: number,
  orders: readonly number[] = DEFAULT_RDP_ORDERS,
): number[] {
  return orders.map((a) => steps * rdpSampledGaussianStep(q, noiseMultiplier, a));
}

/** The smallest ε (and the order giving it) for which the RDP curve implies (ε, δ)-DP. */
export function rdpToEpsilon(
  orders: readonly number[],
  rdp: readonly number[],
  delta: number,
): { epsilon: number; order: number } {
  let best = { epsilon: Number.POSITIVE_INFINITY, order: Number.NaN };
  orders.forEach((a, i) => {
    const eps = rdp[i]! + Math.log1p(-1 / a) - (Math.log(delta) + Math.log(a)) / (a - 1);
    if (eps < best.epsilon) best = { epsilon: eps, order: a };
  });
  return { epsilon: Math.max(0, best.epsilon), order: best.order };
}

/** ε at δ after `steps` rounds with sampling rate q and noise multiplier σ. */
export function epsilonAfter(q: number, noiseMultiplier: number, steps: number, delta: number): number {
  return rdpToEpsilon(DEFAULT_RDP_ORDERS, computeRdp(q, noiseMultiplier, steps), delta).epsilon;
}

/**
 * The smallest noise multiplier σ (to 0.1 % by bisection) keeping ε ≤ `epsilon` at δ after `steps`
 * rounds with sampling rate q.
 */
export function noiseMultiplierFor(params: {
  epsilon: number;
  delta: number;
  sampleRate: number;
  steps: number;
}): number {
  const eps = (sigma: number) => epsilonAfter(params.sampleRate, sigma, params.steps, params.delta);
  let lo = 0.05;
  let hi = 1;
  while (eps(hi) > params.epsilon) hi *= 2;
  while ((hi - lo) / hi > 1e-3) {
    const mid = (lo + hi) / 2;
    if (eps(mid) > params.epsilon) lo = mid;
    else hi = mid;
  }
  return hi;
}
