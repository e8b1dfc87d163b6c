import { type AnomalyFlag, DEFAULT_LIMITS, VITALS, type Vital, type VitalLimits } from './types.ts';

export type CreateAnomalyDetectorParameters = {
  /** Per-vital overrides of `DEFAULT_LIMITS`. */
  limits?: Partial<Record<Vital, Partial<VitalLimits>>>;
  /** Readings used to learn a baseline before jumps are judged. Default 5. */
  warmup?: number;
  /** Robust z above which a reading deviates. Default 4. */
  k?: number;
  /** Consecutive deviating readings before a change counts as sustained. Default 3. */
  persist?: number;
  /** EWMA smoothing factor of the baseline. Default 0.2. */
  alpha?: number;
  /** A gap longer than this multiple of the usual interval is a dropout. Default 4. */
  gapFactor?: number;
  /** CUSUM decision threshold (in robust z units) for gradual sustained changes. Default 5. */
  cusumH?: number;
};

type VitalState = {
  n: number;
  mean: number;
  mad: number;
  last: number;
  lastTime: number;
  interval: number;
  flatRun: number;
  flatFlagged: boolean;
  pendingDir: number;
  pendingCount: number;
  pendingSum: number;
  pendingFirst: number;
  /** Time until which this vital counts as having a sustained bad-direction change (for coherence). */
  sustainedUntil: number;
  sustainedDir: number;
  cusumUp: number;
  cusumDown: number;
  recent: number;
};

type PatientState = { vitals: Partial<Record<Vital, VitalState>> };

export type AnomalyDetector = {
  /**
   * Feeds one patient's simultaneous readings (one or several vitals) and returns the flags they raise.
   * `pulseRate` (oximeter pulse) is only compared with `heartRate` (ECG): two sensors that disagree.
   */
  observe(
    patientId: string,
    time: number,
    values: Partial<Record<Vital | 'pulseRate', number | null>>,
  ): AnomalyFlag[];
  /** Forgets a patient's course. */
  reset(patientId: string): void;
  /** Number of patients followed. */
  size(): number;
};

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * Creates a streaming, O(1)-per-reading detector over each patient's own recent course (EWMA baseline
 * with an EW mean-absolute-deviation spread). It flags jumps, flat lines, dropouts, impossible values and
 * combinations, and sustained trends, and labels each as a likely artefact or a likely clinical change.
 */
export function createAnomalyDetector(options: CreateAnomalyDetectorParameters = {}): AnomalyDetector {
  const warmup = options.warmup ?? 5;
  const k = options.k ?? 4;
  const persist = options.persist ?? 3;
  const alpha = options.alpha ?? 0.2;
  const gapFactor = options.gapFactor ?? 4;
  const cusumH = options.cusumH ?? 5;
  const limits = {} as Record<Vital, VitalLimits>;
  for (const v of VITALS) limits[v] = { ...DEFAULT_LIMITS[v], ...options.limits?.[v] };
  const patients = new Map<string, PatientState>();

  const newState = (x: number, time: number): VitalState => ({
    n: 1,
    mean: x,
    mad: 0,
    last: x,
    lastTime: time,
    interval: 0,
    flatRun: 1,
    flatFlagged: false,
    pendingDir: 0,
    pendingCount: 0,
    pendingSum: 0,
    pendingFirst: 0,
    sustainedUntil: Number.NEGATIVE_INFINITY,
    sustainedDir: 0,
    cusumUp: 0,
    cusumDown: 0,
    recent: x,
  });

  const learn = (s: VitalState, x: number, sigma: number): void => {
    // Winsorized update: a slow drift cannot drag the baseline along faster than 2 sigma per reading.
    if (s.n >= warmup) x = Math.min(s.mean + 2 * sigma, Math.max(s.mean - 2 * sigma, x));
    const d = Math.abs(x - s.mean);
    s.mean += (s.n < warmup ? 1 / (s.n + 1) : alpha) * (x - s.mean);
    s.mad += (s.n < warmup ? 1 / (s.n + 1) : alpha) * (d - s.mad);
  };

  function observeVital(p: PatientState, vital: Vital, x: number, time: number, out: AnomalyFlag[]): void {
    const lim = limits[vital];
    const s = p.vitals[vital];
    if (!s) {
      p.vitals[vital] = newState(x, time);
      return;
    }
    const dtMin = Math.max(0, (time - s.lastTime) / 60000);
    if (s.interval > 0 && time - s.lastTime > gapFactor * s.interval && s.n >= warmup) {
      const gap = (time - s.lastTime) / s.interval;
      out.push({
        vital,
        kind: 'dropout',
        likely: 'artefact',
        score: clamp01(gap / (4 * gapFactor)),
        time,
        message: `no ${vital} for ${Math.round(gap)}x the usual interval (sensor gap)`,
      });
    }
    const dtMs = time - s.lastTime;
    if (dtMs > 0)
      s.interval =
        s.interval === 0 ? dtMs : s.interval + 0.1 * (Math.min(dtMs, 10 * s.interval) - s.interval);
    // Flat line: exactly repeated values are a stuck sensor; physiology always varies a little.
    s.flatRun = x === s.last ? s.flatRun + 1 : 1;
    if (x !== s.last) s.flatFlagged = false;
    if (s.flatRun >= lim.flatCount && !s.flatFlagged) {
      s.flatFlagged = true;
      out.push({
        vital,
        kind: 'flatline',
        likely: 'artefact',
        score: clamp01(s.flatRun / (2 * lim.flatCount)),
        time,
        message: `${vital} identical for ${s.flatRun} readings (stuck sensor)`,
      });
    }
    const sigma = Math.max(lim.minSigma, 1.2533 * s.mad);
    const dev = x - s.mean;
    const deviates = s.n >= warmup && Math.abs(dev) > Math.max(k * sigma, lim.minDelta);
    s.recent += 0.5 * (x - s.recent);
    let cusumFired = 0;
    if (s.n >= warmup) {
      // One-sided CUSUMs on capped z: one spike adds at most 2, so only a sustained shift reaches H.
      const z = Math.max(-3, Math.min(3, dev / sigma));
      s.cusumUp = Math.max(0, s.cusumUp + z - 1);
      s.cusumDown = Math.max(0, s.cusumDown - z - 1);
      if (s.cusumUp > cusumH) cusumFired = 1;
      else if (s.cusumDown > cusumH) cusumFired = -1;
    }
    const step = Math.abs(x - s.last);
    const impossibleStep =
      s.n >= warmup && step > lim.maxStep + lim.maxRatePerMin * dtMin && s.pendingCount === 0;
    if (impossibleStep) {
      out.push({
        vital,
        kind: 'jump',
        likely: 'artefact',
        score: clamp01(step / (2 * lim.maxStep)),
        time,
        message: `${vital} changed faster than physiology allows`,
      });
      s.pendingDir = Math.sign(dev);
      s.pendingCount = 1;
      s.pendingSum = x;
      s.pendingFirst = time;
    } else if (deviates) {
      const dir = Math.sign(dev);
      if (s.pendingDir === dir) {
        s.pendingCount++;
        s.pendingSum += x;
      } else {
        s.pendingDir = dir;
        s.pendingCount = 1;
        s.pendingSum = x;
        s.pendingFirst = time;
      }
      if (s.pendingCount === persist || (cusumFired === dir && s.pendingCount >= 2)) {
        s.sustainedDir = dir;
        s.sustainedUntil = time + Math.max(s.interval, 1) * persist * 3;
        confirmTrend(p, vital, dir, Math.abs(dev) / sigma, time, out);
        // Adopt the new level so the same change is not flagged again.
        s.mean = s.pendingSum / s.pendingCount;
        s.pendingCount = 0;
        s.pendingDir = 0;
        s.cusumUp = 0;
        s.cusumDown = 0;
      }
    } else if (cusumFired !== 0 && Math.abs(x - s.mean) >= 0.5 * lim.minDelta) {
      s.sustainedDir = cusumFired;
      s.sustainedUntil = time + Math.max(s.interval, 1) * persist * 3;
      confirmTrend(p, vital, cusumFired, Math.abs(dev) / sigma, time, out);
      s.mean = s.recent;
      s.cusumUp = 0;
      s.cusumDown = 0;
      s.pendingCount = 0;
      s.pendingDir = 0;
    } else {
      if (s.pendingCount > 0 && s.pendingCount < persist) {
        out.push({
          vital,
          kind: 'jump',
          likely: 'artefact',
          score: clamp01(0.5 + 0.1 * (persist - s.pendingCount)),
          time,
          message: `${vital} deviated for ${s.pendingCount} reading(s) then reverted (spike)`,
        });
      }
      s.pendingCount = 0;
      s.pendingDir = 0;
      learn(s, x, sigma);
    }
    if (s.n < warmup) learn(s, x, sigma);
    s.n++;
    s.last = x;
    s.lastTime = time;
  }

  function confirmTrend(
    p: PatientState,
    vital: Vital,
    dir: number,
    z: number,
    time: number,
    out: AnomalyFlag[],
  ): void {
    const bad = limits[vital].badDirection;
    const partners: Vital[] = [];
    for (const other of VITALS) {
      if (other === vital) continue;
      const o = p.vitals[other];
      if (!o) continue;
      const ob = limits[other].badDirection;
      const cusumDir = o.cusumUp > cusumH / 2 ? 1 : o.cusumDown > cusumH / 2 ? -1 : 0;
      const active =
        (o.sustainedUntil >= time && o.sustainedDir !== 0) || o.pendingCount > 0 || cusumDir !== 0;
      const odir = o.sustainedUntil >= time ? o.sustainedDir : o.pendingCount > 0 ? o.pendingDir : cusumDir;
      if (active && (ob === 0 || odir === ob)) partners.push(other);
    }
    const worsening = bad === 0 || dir === bad;
    const coherent = worsening && partners.length > 0;
    const score = clamp01((coherent ? 0.6 : 0.3) + 0.05 * Math.min(z, 8));
    const message = coherent
      ? `sustained ${vital} ${dir > 0 ? 'rise' : 'fall'} together with ${partners.join(', ')}`
      : `sustained ${vital} ${dir > 0 ? 'rise' : 'fall'} without corroboration from other vitals`;
    out.push({ vital, kind: 'trend', likely: 'clinical', score, message, time });
  }

  return {
    observe(patientId, time, values) {
      let p = patients.get(patientId);
      if (!p) {
        p = { vitals: {} };
        patients.set(patientId, p);
      }
      const out: AnomalyFlag[] = [];
      const hr = values.heartRate;
      const spo2 = values.spo2;
      const sys = values.systolic;
      const dia = values.diastolic;
      if (typeof sys === 'number' && typeof dia === 'number' && sys > 0 && dia > 0 && dia >= sys) {
        out.push({
          vital: 'diastolic',
          kind: 'impossible',
          likely: 'artefact',
          score: 1,
          time,
          message: 'diastolic pressure at or above systolic',
        });
      }
      if (hr === 0 && typeof spo2 === 'number' && spo2 > 0) {
        out.push({
          vital: 'heartRate',
          kind: 'impossible',
          likely: 'artefact',
          score: 1,
          time,
          message: 'heart rate 0 with a measurable SpO2 (sensors disagree)',
        });
      }
      const pulse = values.pulseRate;
      if (typeof hr === 'number' && typeof pulse === 'number' && hr > 0 && pulse > 0) {
        if (Math.abs(hr - pulse) > Math.max(20, 0.25 * Math.max(hr, pulse))) {
          out.push({
            vital: 'heartRate',
            kind: 'impossible',
            likely: 'artefact',
            score: Math.min(1, Math.abs(hr - pulse) / Math.max(hr, pulse)),
            time,
            message: 'ECG heart rate and oximeter pulse rate disagree (sensor problem)',
          });
        }
      }
      for (const vital of VITALS) {
        const x = values[vital];
        if (x === undefined) continue;
        if (x === null || x === 0 || !Number.isFinite(x)) {
          out.push({
            vital,
            kind: 'dropout',
            likely: 'artefact',
            score: 1,
            time,
            message: `${vital} missing or zero (sensor off or disconnected)`,
          });
          continue;
        }
        const lim = limits[vital];
        if (x < lim.range[0] || x > lim.range[1]) {
          out.push({
            vital,
            kind: 'impossible',
            likely: 'artefact',
            score: 1,
            time,
            message: `${vital} outside the physiologically possible range`,
          });
          continue;
        }
        observeVital(p, vital, x, time, out);
      }
      return out;
    },
    reset(patientId) {
      patients.delete(patientId);
    },
    size() {
      return patients.size;
    },
  };
}
