// @ts-check
/**
 * What the screen knows, shared by its views: the session, the live stream's status and the gateway
 * clock, the patients and alerts the ward stream delivered. Views subscribe to changes.
 */

/** @typedef {import('./api.js').Session} Session */
/** @typedef {import('./api.js').StreamStatus} StreamStatus */

export const state = {
  /** @type {Session | null} */
  session: null,
  /** @type {StreamStatus} */
  stream: { state: 'connecting', since: Date.now(), attempt: 0 },
  /** Gateway clock minus this browser's clock (ms), from the stream's server times. */
  offset: 0,
  /** @type {number[]} recent (server time - receive time) samples; the largest is the least delayed. */
  offsets: [],
  /** How far behind the last event arrived (ms). */
  lag: 0,
  /** @type {Record<string, number>} per vital: stale after (ms), from the gateway's configuration. */
  staleAfterMs: {},
  /** @type {Map<string, { state: any, access: any, receivedAt: number }>} */
  patients: new Map(),
  /** @type {Map<string, any>} open alerts by id */
  alerts: new Map(),
  /** @type {Map<string, any>} alerts resolved while the screen was open (with their reason) */
  resolved: new Map(),
};

/** Gateway time now (ms), so ages are measured on the clock that stamped the readings. */
export const serverNow = () => Date.now() + state.offset;

/** Records a server time carried by an event (estimates the clock offset and the stream's delay). */
export function noteServerTime(/** @type {number | undefined} */ serverTime) {
  if (typeof serverTime !== 'number') return;
  state.offsets.push(serverTime - Date.now());
  if (state.offsets.length > 30) state.offsets.shift();
  state.offset = Math.max(...state.offsets);
  state.lag = Math.max(0, serverNow() - serverTime);
}

/** @type {Set<(what: string) => void>} */
const listeners = new Set();
/** Calls `fn(what)` after every change; returns the unsubscribe function. @param {(what: string) => void} fn */
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
/** @param {string} what */
export function changed(what) {
  for (const fn of listeners) fn(what);
}

/** Forgets everything of the previous session. */
export function resetState() {
  state.patients.clear();
  state.alerts.clear();
  state.resolved.clear();
  state.offsets = [];
  state.offset = 0;
  state.lag = 0;
}
