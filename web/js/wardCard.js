// @ts-check
import { createTrend, drawTrend } from './charts.js';
import { el } from './dom.js';
import { bandOf, formatDuration, formatTime, VITAL_NAMES, VITALS } from './format.js';
import { serverNow, state } from './state.js';

const HISTORY = 90;

/**
 * How a patient stands on the screen now: `offline` (no reading at all, or every vital stale), and per
 * vital its age and whether it is fresh, stale, quarantined or missing.
 * @param {any} s live state (or null) @param {boolean} live the stream is connected
 */
export function patientStatus(s, live) {
  const now = serverNow();
  /** @type {Record<string, { age: number, stale: boolean }>} */
  const vitals = {};
  let fresh = 0;
  for (const [key, v] of Object.entries(s?.vitals ?? {})) {
    const age = now - /** @type {any} */ (v).time;
    const stale = age > (state.staleAfterMs[key] ?? 120_000);
    vitals[key] = { age, stale };
    if (!stale) fresh++;
  }
  const newest = Math.max(0, ...Object.values(s?.vitals ?? {}).map((v) => /** @type {any} */ (v).time));
  return {
    vitals,
    offline: fresh === 0,
    noData: !s || Object.keys(s.vitals ?? {}).length === 0,
    newest,
    live,
  };
}

/** Builds the card of a patient (updated in place afterwards). @param {string} patient */
export function createCard(patient) {
  const link = el(
    'a',
    { href: `#patient/${encodeURIComponent(patient)}`, 'data-focus-key': `open-${patient}` },
    [patient],
  );
  const band = el('span', { class: 'band', 'data-band': 'none' }, ['NEWS2 –']);
  const access = el('span', { class: 'badge emergency', hidden: '' });
  const alertBadge = el('span', { class: 'badge alert-count', hidden: '' });
  const techBadge = el('span', { class: 'badge tech-count', hidden: '' });
  const status = el('p', { class: 'card-status', 'data-status': 'live' });
  const list = el('dl', { class: 'vitals' });
  /** @type {Record<string, any>} */
  const rows = {};
  for (const v of VITALS) {
    const value = el('dd', { class: 'value', 'data-vital': v.key }, ['–']);
    const age = el('dd', { class: 'age' }, ['no reading']);
    const trend = createTrend(`${v.label} trend`);
    const row = el('div', { class: 'vital', 'data-vital-row': v.key, 'data-state': 'missing' }, [
      el('dt', {}, [v.label]),
      value,
      age,
      el('dd', { class: 'trend-cell' }, [trend]),
    ]);
    rows[v.key] = { row, value, age, trend, history: /** @type {number[]} */ ([]), lastTime: 0 };
    list.append(row);
  }
  const excluded = el('ul', { class: 'excluded', hidden: '' });
  const meta = el('p', { class: 'meta small' });
  const root = el(
    'article',
    { class: 'card patient', 'data-patient': patient, 'aria-label': `Patient ${patient}` },
    [el('header', {}, [el('h3', {}, [link]), band, access, alertBadge]), status, list, excluded, meta],
  );
  return { root, band, access, alertBadge, techBadge, status, rows, excluded, meta, updates: 0 };
}

/**
 * Brings a card up to date: values with their age (stale in words), NEWS2 band as word and shape, what
 * was left out of the score and why, emergency access with its expiry, and whether the card is live.
 * @param {ReturnType<typeof createCard>} card @param {{ state: any, access: any }} entry
 * @param {{ clinical: number, technical: number }} open alerts of the patient @param {boolean} live
 */
export function updateCard(card, entry, open, live) {
  const s = entry.state;
  const st = patientStatus(s, live);
  const n = s?.news2;
  const b = bandOf(n?.band);
  card.root.dataset.band = n?.band ?? 'none';
  card.root.dataset.rank = String(b?.rank ?? 0);
  card.root.dataset.three = String(Object.values(n?.scores ?? {}).includes(3));
  card.root.dataset.risk = String(s?.risk?.probability ?? 0);
  card.band.dataset.band = n?.band ?? 'none';
  card.band.textContent = b ? `${b.mark} ${b.label} · NEWS2 ${n.total}` : 'NEWS2 –';
  card.root.dataset.live = String(live);
  card.root.dataset.offline = String(st.offline);
  const a = entry.access ?? {};
  card.access.hidden = !a.breakGlass;
  card.access.textContent = a.breakGlass
    ? `EMERGENCY ACCESS until ${a.expiresAt ? formatTime(a.expiresAt) : '–'}`
    : '';
  card.alertBadge.hidden = open.clinical === 0;
  card.alertBadge.textContent = `${open.clinical} clinical alert${open.clinical === 1 ? '' : 's'}`;
  card.techBadge.hidden = open.technical === 0;
  card.techBadge.textContent = `${open.technical} sensor alert${open.technical === 1 ? '' : 's'}`;
  let statusText = 'LIVE';
  if (!live)
    statusText = `NOT LIVE: connection to the gateway lost at ${formatTime(state.stream.since)}; values are the last received`;
  else if (!a.vitals) statusText = 'Vital signs not shared with you (alerts only)';
  else if (st.noData) statusText = 'OFFLINE: no readings received yet';
  else if (st.offline)
    statusText = `OFFLINE: no reading for ${formatDuration(serverNow() - st.newest)} (every vital stale)`;
  card.status.textContent = statusText;
  card.status.dataset.status = !live ? 'lost' : st.offline || !a.vitals ? 'offline' : 'live';
  for (const v of VITALS) {
    const r = card.rows[v.key];
    const value = s?.vitals?.[v.key];
    if (!value) continue;
    const shown =
      v.key === 'systolic' && s.vitals.diastolic
        ? `${Math.round(value.value)}/${Math.round(s.vitals.diastolic.value)}`
        : value.value.toFixed(v.digits);
    r.value.textContent = `${shown} ${v.unit}`;
    const info = st.vitals[v.key];
    const age = formatDuration(info?.age ?? 0);
    const rowState = value.quarantined
      ? 'quarantined'
      : value.suspect
        ? 'suspect'
        : info?.stale
          ? 'stale'
          : 'fresh';
    r.row.dataset.state = live ? rowState : 'not-live';
    r.age.textContent =
      rowState === 'quarantined'
        ? `QUARANTINED device · ${age} ago`
        : rowState === 'suspect'
          ? `CHECK SENSOR (${value.suspect}) · ${age} ago`
          : rowState === 'stale'
            ? `STALE · ${age} ago`
            : `${age} ago`;
    r.value.setAttribute('title', `${formatTime(value.time)} from device ${value.deviceId}`);
    if (r.lastTime !== value.time) {
      r.lastTime = value.time;
      r.history.push(value.value);
      if (r.history.length > HISTORY) r.history.shift();
      drawTrend(r.trend, r.history, v.lo, v.hi);
    }
  }
  // One line per quarantined device: which vitals it no longer scores, and why.
  /** @type {Map<string, { vitals: string[], reason: string }>} */
  const byDevice = new Map();
  for (const x of s?.excluded ?? []) {
    if (x.vital === 'diastolic') continue;
    const d = byDevice.get(x.deviceId) ?? { vitals: [], reason: x.reason };
    d.vitals.push(VITAL_NAMES[x.vital] ?? x.vital);
    byDevice.set(x.deviceId, d);
  }
  card.excluded.hidden = byDevice.size === 0;
  card.excluded.replaceChildren(
    ...[...byDevice.values()].map((d) => el('li', {}, [`${d.vitals.join(' and ')} not scored: ${d.reason}`])),
  );
  const missing = (n?.missing ?? []).map((/** @type {string} */ m) => VITAL_NAMES[m] ?? m);
  card.meta.textContent = n
    ? `NEWS2 at ${formatTime(n.at)}${missing.length ? `; missing ${missing.join(', ')} (lower bound)` : ''}${s.risk ? ` · risk ${Math.round(s.risk.probability * 100)} % (alert at ${Math.round(s.risk.threshold * 100)} %)` : ''}`
    : '';
}
