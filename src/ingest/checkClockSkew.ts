import { type Rejection, reject } from './rejectionCodes.ts';

/** How far a reading's effective time may lie ahead of / behind the gateway clock. */
export type ClockSkewLimits = { maxFutureMs: number; maxPastMs: number };

/** Defaults: 2 minutes ahead (device clocks drift), 24 hours behind (devices buffer while offline). */
export const DEFAULT_CLOCK_SKEW: ClockSkewLimits = { maxFutureMs: 2 * 60_000, maxPastMs: 24 * 3_600_000 };

/** Ok (with the signed skew, positive = in the future), or `VIGIL_READING_CLOCK_SKEW`. */
export type CheckClockSkewReturnType = { ok: true; skewMs: number } | Rejection;

/** Checks an effective time (RFC 3339 string, epoch ms or Date) against `now`. */
export function checkClockSkew(
  effective: string | number | Date,
  now: number | Date,
  limits: ClockSkewLimits = DEFAULT_CLOCK_SKEW,
): CheckClockSkewReturnType {
  const at = typeof effective === 'string' ? Date.parse(effective) : Number(effective);
  const skewMs = at - Number(now);
  if (Number.isNaN(skewMs)) {
    return reject('VIGIL_READING_CLOCK_SKEW', 'effective time is not a valid instant', {
      path: '/observation/effectiveDateTime',
    });
  }
  if (skewMs > limits.maxFutureMs) {
    return reject('VIGIL_READING_CLOCK_SKEW', `effective time is ${skewMs} ms in the future`, {
      path: '/observation/effectiveDateTime',
      skewMs,
      limitMs: limits.maxFutureMs,
    });
  }
  if (-skewMs > limits.maxPastMs) {
    return reject('VIGIL_READING_CLOCK_SKEW', `effective time is ${-skewMs} ms in the past`, {
      path: '/observation/effectiveDateTime',
      skewMs,
      limitMs: limits.maxPastMs,
    });
  }
  return { ok: true, skewMs };
}
