/** Options of {@link createRateLimiter}: a token bucket per key. */
export type CreateRateLimiterParameters = {
  /** Sustained readings per second per device. */
  ratePerSecond: number;
  /** Burst size (bucket capacity). */
  burst: number;
  now?: () => number;
};

export type RateLimiter = {
  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string): boolean;
};

/** A per-key token bucket (e.g. per device), O(1) per call. */
export function createRateLimiter(params: CreateRateLimiterParameters): RateLimiter {
  const now = params.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { tokens: params.burst, at: t };
        buckets.set(key, bucket);
      }
      bucket.tokens = Math.min(params.burst, bucket.tokens + ((t - bucket.at) / 1000) * params.ratePerSecond);
      bucket.at = t;
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}
