import type { Observation } from '@medplum/fhirtypes';
import { LIVE_VITALS, type LiveVital, observationVitals } from './observationVitals.ts';

/** A stored reading as the flowsheet needs it (decrypted by the caller through the access-checked path). */
export type FlowsheetReading = {
  effectiveAt: number;
  deviceId: string;
  quarantined: boolean;
  observation: Observation;
};

/** One vital's column-wise series: times, values, device (index into `devices`) and the quarantine flag. */
export type FlowsheetSeries = { t: number[]; v: number[]; d: number[]; q: (0 | 1)[] };

/** The flowsheet of a patient over a window. */
export type Flowsheet = {
  from: number;
  to: number;
  devices: string[];
  series: Partial<Record<LiveVital, FlowsheetSeries>>;
  /** Points were reduced to each bucket's lowest and highest value (extremes kept). */
  downsampled: boolean;
};

/** Parameters of {@link buildFlowsheet}. */
export type BuildFlowsheetParameters = {
  readings: readonly FlowsheetReading[];
  kindOf: (deviceId: string) => string | undefined;
  from: number;
  to: number;
  /** Above this many points a series keeps the min and max of each time bucket (default 2000). */
  maxPoints?: number;
};

type Point = { t: number; v: number; d: number; q: 0 | 1 };

/** Keeps the lowest and highest point of each of `buckets` equal time slices (quarantined points apart). */
function reduce(points: Point[], from: number, to: number, buckets: number): Point[] {
  const width = Math.max(1, (to - from) / buckets);
  const keep = new Map<string, { lo: Point; hi: Point }>();
  for (const p of points) {
    const key = `${Math.floor((p.t - from) / width)}:${p.q}`;
    const k = keep.get(key);
    if (!k) keep.set(key, { lo: p, hi: p });
    else {
      if (p.v < k.lo.v) k.lo = p;
      if (p.v > k.hi.v) k.hi = p;
    }
  }
  const out = new Set<Point>();
  for (const { lo, hi } of keep.values()) out.add(lo).add(hi);
  return [...out].sort((a, b) => a.t - b.t);
}

/**
 * Turns stored readings into per-vital time series for a flowsheet: every vital with its device and
 * quarantine flag, time-ordered; a long series is reduced to the extremes of each time bucket so a
 * chart of hours stays small without hiding a single abnormal value.
 */
export function buildFlowsheet(p: BuildFlowsheetParameters): Flowsheet {
  const maxPoints = p.maxPoints ?? 2000;
  const devices: string[] = [];
  const index = new Map<string, number>();
  const points = new Map<LiveVital, Point[]>();
  for (const r of p.readings) {
    let d = index.get(r.deviceId);
    if (d === undefined) {
      d = devices.push(r.deviceId) - 1;
      index.set(r.deviceId, d);
    }
    const values = observationVitals(r.observation, p.kindOf(r.deviceId));
    for (const [vital, v] of Object.entries(values) as [LiveVital, number][]) {
      const list = points.get(vital) ?? [];
      list.push({ t: r.effectiveAt, v, d, q: r.quarantined ? 1 : 0 });
      points.set(vital, list);
    }
  }
  let downsampled = false;
  const series: Flowsheet['series'] = {};
  for (const vital of LIVE_VITALS) {
    let list = points.get(vital);
    if (!list) continue;
    list.sort((a, b) => a.t - b.t);
    if (list.length > maxPoints) {
      list = reduce(list, p.from, p.to, Math.floor(maxPoints / 4));
      downsampled = true;
    }
    series[vital] = {
      t: list.map((x) => x.t),
      v: list.map((x) => x.v),
      d: list.map((x) => x.d),
      q: list.map((x) => x.q),
    };
  }
  return { from: p.from, to: p.to, devices, series, downsampled };
}
