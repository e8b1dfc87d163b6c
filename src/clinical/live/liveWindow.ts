import { LIVE_VITALS, type LiveVital } from './observationVitals.ts';

/** One reading of one vital in the live window. `suspect` names the artefact flag it raised, if any. */
export type Sample = { value: number; time: number; deviceId: string; pos?: number; suspect?: string };

/** A device's standing now: quarantined readings from `sincePos` on (all of them without it) do not count. */
export type DeviceStanding = { quarantined: boolean; sincePos?: number | undefined };

/** Per vital, per device, the last few samples (oldest first). */
export type LiveWindow = Map<LiveVital, Map<string, Sample[]>>;

/**
 * Samples kept per vital and device: enough that a quarantine covering only the newest readings leaves
 * the older trusted ones, bounded so a large ward stays small (10k devices x 2 vitals x 8 is ~8 MB).
 */
export const WINDOW_SAMPLES = 8;

/** Adds a sample to the window, keeping the last {@link WINDOW_SAMPLES} per vital and device. */
export function addSample(window: LiveWindow, vital: LiveVital, sample: Sample): void {
  let devices = window.get(vital);
  if (!devices) {
    devices = new Map();
    window.set(vital, devices);
  }
  const list = devices.get(sample.deviceId) ?? [];
  list.push(sample);
  if (list.length > WINDOW_SAMPLES) list.shift();
  devices.set(sample.deviceId, list);
}

/** Whether a sample may feed scores: not an artefact, and not from a quarantine that covers it. */
export function sampleCounts(s: Sample, standing: DeviceStanding): boolean {
  if (s.suspect) return false;
  if (!standing.quarantined) return true;
  return standing.sincePos !== undefined && s.pos !== undefined && s.pos <= standing.sincePos;
}

/**
 * The newest trusted, fresh sample of a vital across devices, with the previous trusted sample of the
 * same device (so a sub-score can be confirmed by two readings of one sensor).
 */
export function trustedLatest(
  window: LiveWindow,
  vital: LiveVital,
  standingOf: (deviceId: string) => DeviceStanding,
  now: number,
  staleMs: number,
): { last: Sample; prev?: Sample } | undefined {
  let best: { last: Sample; prev?: Sample } | undefined;
  for (const [deviceId, list] of window.get(vital) ?? []) {
    const standing = standingOf(deviceId);
    const ok = list.filter((s) => sampleCounts(s, standing));
    const last = ok.at(-1);
    if (!last || now - last.time > staleMs) continue;
    if (!best || last.time > best.last.time) best = { last, ...(ok.length > 1 ? { prev: ok.at(-2)! } : {}) };
  }
  return best;
}

/** A vital left out of the scores because the device that measured it is quarantined. */
export type ExcludedVital = { vital: LiveVital; deviceId: string; time: number; reason: string };

/** Vitals whose recent readings were left out because their device is quarantined. */
export function excludedVitals(
  window: LiveWindow,
  standingOf: (deviceId: string) => DeviceStanding & { reason?: string | undefined },
  now: number,
  staleMs: number,
): ExcludedVital[] {
  const out: ExcludedVital[] = [];
  for (const vital of LIVE_VITALS) {
    const devices = window.get(vital);
    if (!devices) continue;
    for (const [deviceId, list] of devices) {
      const standing = standingOf(deviceId);
      const last = list.at(-1);
      if (!standing.quarantined || !last || now - last.time > staleMs) continue;
      if (list.some((s) => !s.suspect && !sampleCounts(s, standing))) {
        out.push({ vital, deviceId, time: last.time, reason: standing.reason ?? 'device quarantined' });
      }
    }
  }
  return out;
}
