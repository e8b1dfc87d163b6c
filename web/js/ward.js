// @ts-check
import { openStream } from './api.js';
import { $ } from './dom.js';
import { bandOf, formatDuration, formatTime, priorityLabel } from './format.js';
import { changed, noteServerTime, onChange, serverNow, state } from './state.js';
import { createCard, patientStatus, updateCard } from './wardCard.js';

/** @type {Map<string, ReturnType<typeof createCard>>} */
const cards = new Map();
/** @type {AbortController | null} */
let abort = null;
/** @type {{ retryNow(): void } | null} */
let handle = null;
/** @type {ReturnType<typeof setInterval> | undefined} */
let ticker;
/** @type {(reason: string) => void} */
let onSignedOut = () => {};

/** Acuity: NEWS2 band, a 3 in one parameter, risk, then the oldest unacknowledged alert first. @param {string} p */
function acuity(p) {
  const s = state.patients.get(p)?.state;
  const n = s?.news2;
  const oldest = Math.min(
    ...[...state.alerts.values()]
      .filter((a) => a.patient === p && a.status === 'active' && a.category === 'clinical')
      .map((a) => a.createdAt),
  );
  return {
    rank: bandOf(n?.band)?.rank ?? 0,
    three: Object.values(n?.scores ?? {}).includes(3) ? 1 : 0,
    risk: s?.risk?.probability ?? 0,
    oldest,
  };
}

/** Patients worst first. */
export function wardOrder() {
  const keyed = [...state.patients.keys()].map((p) => ({ p, k: acuity(p) }));
  keyed.sort(
    (a, b) =>
      b.k.rank - a.k.rank ||
      b.k.three - a.k.three ||
      b.k.risk - a.k.risk ||
      a.k.oldest - b.k.oldest ||
      (a.p < b.p ? -1 : 1),
  );
  return keyed.map((x) => x.p);
}

/** @param {string} p @param {string} filter @param {string} search */
function shown(p, filter, search) {
  if (search && !p.toLowerCase().includes(search.toLowerCase())) return false;
  const entry = state.patients.get(p);
  const n = entry?.state?.news2;
  if (filter === 'attention') return (bandOf(n?.band)?.rank ?? 0) >= 2;
  if (filter === 'alerts') return [...state.alerts.values()].some((a) => a.patient === p);
  if (filter === 'offline') {
    const st = patientStatus(entry?.state, true);
    return st.offline || Object.values(st.vitals).some((v) => v.stale);
  }
  return true;
}

let resortPending = false;

/** Renders the ward: cards updated in place, worst first, filtered; counts by band in words. */
export function renderWard() {
  const grid = $('ward-grid');
  const live = state.stream.state === 'open';
  /** @type {Map<string, { clinical: number, technical: number }>} */
  const open = new Map();
  for (const a of state.alerts.values()) {
    if (a.status === 'resolved') continue;
    const o = open.get(a.patient) ?? { clinical: 0, technical: 0 };
    if (a.category === 'clinical') o.clinical++;
    else o.technical++;
    open.set(a.patient, o);
  }
  for (const [p, entry] of state.patients) {
    let card = cards.get(p);
    if (!card) {
      card = createCard(p);
      cards.set(p, card);
      grid.append(card.root);
    }
    updateCard(card, entry, open.get(p) ?? { clinical: 0, technical: 0 }, live);
  }
  for (const [p, card] of cards) {
    if (!state.patients.has(p)) {
      card.root.remove();
      cards.delete(p);
    }
  }
  const filter = /** @type {HTMLSelectElement} */ ($('ward-filter')).value;
  const search = /** @type {HTMLInputElement} */ ($('ward-search')).value.trim();
  const order = wardOrder();
  for (const p of order) {
    const card = cards.get(p);
    if (card) card.root.hidden = !shown(p, filter, search);
  }
  // Reordering moves cards; never under the user's focus (it would be lost): wait until it leaves.
  const current = [...grid.children].map((c) => /** @type {HTMLElement} */ (c).dataset.patient);
  if (current.join() !== order.join()) {
    if (grid.contains(document.activeElement)) resortPending = true;
    else for (const p of order) grid.append(/** @type {HTMLElement} */ (cards.get(p)?.root));
  }
  grid.dataset.order = order.join(' ');
  const counts = { high: 0, medium: 0, 'low-medium': 0, low: 0, offline: 0 };
  for (const entry of state.patients.values()) {
    const band = /** @type {keyof typeof counts} */ (entry.state?.news2?.band ?? 'low');
    if (patientStatus(entry.state, true).offline) counts.offline++;
    if (entry.state?.news2) counts[band]++;
  }
  $('ward-summary').textContent =
    `${state.patients.size} patients: ${counts.high} high, ${counts.medium} medium, ${counts['low-medium']} low-medium, ${counts.low} low; ${counts.offline} offline`;
  $('ward-empty').hidden = state.patients.size > 0;
  renderBanner();
}

function renderBanner() {
  const s = state.stream;
  const banner = $('connection-banner');
  if (s.state === 'open') {
    const delayed = state.lag > 5000;
    banner.hidden = !delayed;
    banner.dataset.state = delayed ? 'delayed' : 'open';
    $('connection-text').textContent = delayed
      ? `Updates are arriving ${formatDuration(state.lag)} late (slow connection): check the age of each value.`
      : '';
    $('reconnect-now').hidden = true;
    $('ward-status').textContent = `Live · connected since ${formatTime(s.since)}`;
    return;
  }
  banner.hidden = s.state === 'connecting' && s.attempt === 0;
  banner.dataset.state = 'lost';
  const retry = s.retryAt
    ? ` Reconnecting in ${formatDuration(s.retryAt - Date.now())} (attempt ${s.attempt}).`
    : ' Reconnecting…';
  $('connection-text').textContent =
    `Connection to the gateway lost at ${formatTime(s.since)}. The values below are NOT live.${retry}`;
  $('reconnect-now').hidden = false;
  $('ward-status').textContent = 'NOT LIVE: connection lost';
}

/** @param {any} a */
function announce(a) {
  const text = `New ${priorityLabel(a.priority)} alert for ${a.patient}: ${a.text}`;
  $('alarm-text').textContent = `${text} (${formatTime(a.createdAt)})`;
  $('alarm-toast').hidden = false;
  $('alarm-toast').dataset.alert = a.id;
  beep();
}

/** @type {AudioContext | null} */
let audio = null;
/** Enables alarm sounds (browsers allow audio only after a click on the page). */
export async function enableSound() {
  audio ??= new AudioContext();
  await audio.resume();
  document.body.dataset.sound = audio.state === 'running' ? 'on' : 'blocked';
  $('sound-state').textContent =
    audio.state === 'running'
      ? 'Alarm sound is on.'
      : 'The browser still blocks sound: click "Enable alarm sound" again.';
  $('enable-sound').hidden = audio.state === 'running';
}
function beep() {
  if (audio?.state !== 'running') return;
  const o = audio.createOscillator();
  const g = audio.createGain();
  o.frequency.value = 880;
  g.gain.value = 0.2;
  o.connect(g).connect(audio.destination);
  o.start();
  o.stop(audio.currentTime + 0.6);
  document.body.dataset.lastBeep = String(Date.now());
}

/** @param {string} name @param {any} data */
function onEvent(name, data) {
  noteServerTime(data?.serverTime);
  if (name === 'hello') {
    state.staleAfterMs = data.staleAfterMs ?? {};
    const keep = new Set(data.patients);
    for (const p of [...state.patients.keys()]) if (!keep.has(p)) state.patients.delete(p);
  } else if (name === 'snapshot') {
    state.patients.set(data.patient, { state: data.state, access: data.access, receivedAt: serverNow() });
    // Re-sync: alerts of this patient not in the snapshot were resolved while we were away.
    const ids = new Set(data.alerts.map((/** @type {any} */ a) => a.id));
    for (const [id, a] of state.alerts)
      if (a.patient === data.patient && !ids.has(id)) state.alerts.delete(id);
    for (const a of data.alerts) state.alerts.set(a.id, a);
    bump(data.patient);
  } else if (name === 'vitals') {
    const entry = state.patients.get(data.patient);
    if (entry) entry.state = data;
    bump(data.patient);
  } else if (name === 'alert') {
    const before = state.alerts.get(data.id);
    if (data.status === 'resolved') {
      state.alerts.delete(data.id);
      state.resolved.set(data.id, data);
    } else state.alerts.set(data.id, data);
    const becameHigh = data.priority === 'high' && before?.priority !== 'high';
    if (becameHigh && data.status === 'active' && data.category === 'clinical') announce(data);
  } else if (name === 'access-lost') {
    state.patients.delete(data.patient);
    for (const [id, a] of state.alerts) if (a.patient === data.patient) state.alerts.delete(id);
    $('ward-message').textContent =
      `Access to ${data.patient} ended at ${formatTime(data.serverTime ?? Date.now())}: ${data.reason}.`;
  } else if (name === 'unauthorized') {
    onSignedOut('Your session ended: please sign in again.');
    return;
  }
  changed(name);
}

/** @param {string} patient */
function bump(patient) {
  const card = cards.get(patient);
  if (card) {
    card.updates++;
    card.root.dataset.updates = String(card.updates);
    card.root.dataset.updatedAt = String(Date.now());
  }
}

/** Opens the ward stream for the signed-in user. @param {(reason: string) => void} signedOut */
export function startWard(signedOut) {
  const session = state.session;
  if (!session) return;
  onSignedOut = signedOut;
  stopWard();
  abort = new AbortController();
  handle = openStream(
    session,
    '/v1/ward/stream',
    onEvent,
    (status) => {
      state.stream = status;
      changed('stream');
    },
    abort.signal,
  );
  ticker = setInterval(() => changed('tick'), 1000);
}

/** Closes the stream and forgets the cards. */
export function stopWard() {
  abort?.abort();
  abort = null;
  clearInterval(ticker);
  for (const card of cards.values()) card.root.remove();
  cards.clear();
}

/** Wires the ward's own controls (filters, banner, sound, alarm toast). */
export function initWard() {
  $('ward-filter').addEventListener('change', renderWard);
  $('ward-search').addEventListener('input', renderWard);
  $('reconnect-now').addEventListener('click', () => handle?.retryNow());
  $('enable-sound').addEventListener('click', () => void enableSound());
  $('alarm-dismiss').addEventListener('click', () => {
    $('alarm-toast').hidden = true;
  });
  $('ward-grid').addEventListener('focusout', () => {
    if (resortPending) setTimeout(() => !$('ward-grid').contains(document.activeElement) && renderWard(), 0);
  });
  onChange(() => {
    if (!$('screen-ward').hidden) renderWard();
    else renderBanner();
  });
}
