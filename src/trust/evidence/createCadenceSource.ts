export type CreateCadenceSourceParameters = {
  /** Rate is counted per bucket of this length (default 60 s). */
  bucketMs?: number;
  /** A bucket above this multiple of the device's normal count is a flood (default 5). */
  floodFactor?: number;
  /** ...and above at least this many readings (default 10). */
  minFlood?: number;
  /** Completed buckets before floods and gaps are judged (default 5). */
  warmupBuckets?: number;
  /** Silence beyond this multiple of the device's normal interval is a gap (default 5). */
  gapFactor?: number;
  /** EWMA smoothing of the per-bucket count (default 0.05). */
  alpha?: number;
};

/** Floods and silences, against each device's own normal cadence. */
export type CadenceSource = {
  /** Counts one arrival (gateway time); true when it is beyond the flood limit of the current bucket. */
  observe(deviceId: string, at: number): boolean;
  /** Devices silent for a gap (each reported once per gap length of silence). */
  checkGaps(now: number): string[];
  forget(deviceId: string): void;
};

type State = {
  bucket: number;
  count: number;
  baseline: number;
  buckets: number;
  last: number;
  gapReported: number;
};

/**
 * A cadence source: an EWMA of readings per bucket learns each device's normal rate (flood buckets are
 * not learned, so a flood cannot become normal); readings beyond `floodFactor` times it are floods, and a
 * silence beyond `gapFactor` normal intervals is a gap.
 */
export function createCadenceSource(p: CreateCadenceSourceParameters = {}): CadenceSource {
  const bucketMs = p.bucketMs ?? 60_000;
  const floodFactor = p.floodFactor ?? 5;
  const minFlood = p.minFlood ?? 10;
  const warmup = p.warmupBuckets ?? 5;
  const gapFactor = p.gapFactor ?? 5;
  const alpha = p.alpha ?? 0.05;
  const states = new Map<string, State>();
  const limit = (st: State) => Math.max(floodFactor * st.baseline, minFlood);
  const interval = (st: State) => (st.baseline > 0 ? bucketMs / st.baseline : Number.POSITIVE_INFINITY);
  return {
    observe(deviceId, at) {
      const bucket = Math.floor(at / bucketMs);
      let st = states.get(deviceId);
      if (!st) {
        st = { bucket, count: 0, baseline: 0, buckets: 0, last: at, gapReported: 0 };
        states.set(deviceId, st);
      }
      if (bucket > st.bucket) {
        const closedIsFlood = st.buckets >= warmup && st.count > limit(st);
        if (!closedIsFlood) {
          st.baseline = st.buckets === 0 ? st.count : st.baseline + alpha * (st.count - st.baseline);
          const zeros = Math.min(bucket - st.bucket - 1, 10_000);
          st.baseline *= (1 - alpha) ** zeros;
          st.buckets += 1 + zeros;
        }
        st.bucket = bucket;
        st.count = 0;
      }
      st.count += 1;
      st.last = Math.max(st.last, at);
      st.gapReported = 0;
      return st.buckets >= warmup && st.count > limit(st);
    },
    checkGaps(now) {
      const out: string[] = [];
      for (const [id, st] of states) {
        if (st.buckets < warmup) continue;
        const gap = gapFactor * Math.max(interval(st), bucketMs);
        if (!Number.isFinite(gap)) continue;
        const due = Math.floor((now - st.last) / gap);
        if (due > st.gapReported) {
          st.gapReported = due;
          out.push(id);
        }
      }
      return out;
    },
    forget(deviceId) {
      states.delete(deviceId);
    },
  };
}
