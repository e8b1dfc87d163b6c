// @ts-check
import { ApiError, api, loadSession, openStream, saveSession } from './api.js';
import { createTrend, drawTrend } from './charts.js';

/** @typedef {import('./api.js').Session} Session */

/** Screens each role sees, in nav order. */
const SCREENS = {
  clinician: ['ward', 'alerts', 'devices'],
  patient: ['ward', 'consent', 'history'],
  admin: ['devices', 'ledger'],
  auditor: ['ledger', 'devices', 'history'],
};
const TITLES = {
  ward: 'Ward',
  alerts: 'Alerts',
  devices: 'Devices',
  ledger: 'Ledger',
  consent: 'Consent',
  history: 'Access history',
};

/** Vitals shown per patient: key in the live state, label, unit, chart range. */
const VITALS = [
  { key: 'heartRate', label: 'Heart rate', unit: '/min', lo: 30, hi: 180 },
  { key: 'respiratoryRate', label: 'Resp. rate', unit: '/min', lo: 4, hi: 40 },
  { key: 'spo2', label: 'SpO₂', unit: '%', lo: 80, hi: 100 },
  { key: 'systolic', label: 'Systolic', unit: 'mmHg', lo: 60, hi: 200 },
  { key: 'temperature', label: 'Temp.', unit: '°C', lo: 34, hi: 41 },
];
const HISTORY = 90;

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * Creates an element with attributes and children (text is always set as text, never as HTML).
 * @param {string} tag @param {Record<string, string>} [attrs] @param {(Node | string)[]} [children]
 */
function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}
const time = (/** @type {number | string} */ t) => new Date(t).toLocaleTimeString();
const dateTime = (/** @type {number | string} */ t) => new Date(t).toLocaleString();

/** @type {Session | null} */
let session = loadSession();
/** @type {AbortController | null} */
let streamAbort = null;
/** @type {number[]} */
const timers = [];

/** Per patient: its card's elements and the trend history. @type {Map<string, any>} */
const patients = new Map();
/** Open alerts by id. @type {Map<string, any>} */
const alerts = new Map();

function showScreen(/** @type {string} */ name) {
  for (const s of document.querySelectorAll('.screen')) {
    if (s instanceof HTMLElement) s.hidden = s.id !== `screen-${name}`;
  }
  for (const b of document.querySelectorAll('#nav button')) {
    b.setAttribute('aria-current', b.getAttribute('data-screen') === name ? 'page' : 'false');
  }
  if (name === 'devices') void loadDevices();
  if (name === 'ledger') void loadLedger();
  if (name === 'consent') void loadConsents();
  if (name === 'history') void loadHistory();
  location.hash = name;
}

function signedOut() {
  streamAbort?.abort();
  for (const t of timers.splice(0)) clearInterval(t);
  patients.clear();
  alerts.clear();
  $('ward-grid').replaceChildren();
  $('alerts-body').replaceChildren();
  $('nav').hidden = true;
  $('who').hidden = true;
  showScreen('login');
  $('login-username').focus();
}

function signedIn() {
  if (!session) return signedOut();
  const screens = SCREENS[/** @type {keyof typeof SCREENS} */ (session.role)] ?? [];
  $('nav').replaceChildren(
    ...screens.map((s) => {
      const b = el('button', { type: 'button', 'data-screen': s, id: `nav-${s}` }, [
        TITLES[/** @type {keyof typeof TITLES} */ (s)],
      ]);
      b.addEventListener('click', () => showScreen(s));
      return b;
    }),
  );
  $('nav').hidden = false;
  $('who').hidden = false;
  $('who-name').textContent =
    `${session.username} (${session.role}${session.patient ? ` · ${session.patient}` : ''})`;
  $('ward-title').textContent = session.role === 'patient' ? 'My vital signs' : 'Ward';
  $('break-glass').hidden = session.role !== 'clinician';
  document.body.dataset.role = session.role;
  if (screens.includes('ward')) startWard();
  if (screens.includes('devices'))
    timers.push(window.setInterval(() => visible('devices') && loadDevices(), 5000));
  const wanted = location.hash.slice(1);
  showScreen(screens.includes(wanted) ? wanted : (screens[0] ?? 'login'));
  $('main').focus();
}

const visible = (/** @type {string} */ name) => !$(`screen-${name}`).hidden;

/** Handles an API failure: a lost session signs out, anything else is shown in `target`. */
function failed(/** @type {unknown} */ error, /** @type {HTMLElement} */ target) {
  if (error instanceof ApiError && error.status === 401) {
    saveSession(null);
    session = null;
    signedOut();
    $('login-error').textContent = 'Your session ended: please sign in again.';
    return;
  }
  target.textContent = error instanceof ApiError ? `${error.message} (${error.code})` : String(error);
}

// ---- sign-in ---------------------------------------------------------------------------------------

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = /** @type {HTMLInputElement} */ ($('login-username')).value.trim();
  const password = /** @type {HTMLInputElement} */ ($('login-password')).value;
  $('login-error').textContent = '';
  try {
    const r = await api(null, 'POST', '/v1/auth/token', { username, password });
    session = { token: r.access_token, username, role: r.role, patient: r.patient };
    saveSession(session);
    /** @type {HTMLInputElement} */ ($('login-password')).value = '';
    signedIn();
  } catch (error) {
    $('login-error').textContent =
      error instanceof ApiError ? error.message : 'The gateway cannot be reached.';
  }
});

$('logout').addEventListener('click', async () => {
  const s = session;
  session = null;
  saveSession(null);
  signedOut();
  await api(s, 'DELETE', '/v1/auth/token').catch(() => undefined);
});

// ---- ward: live vitals from the ward stream -------------------------------------------------------

function startWard() {
  if (!session) return;
  streamAbort?.abort();
  streamAbort = new AbortController();
  void openStream(
    session,
    '/v1/ward/stream',
    onStreamEvent,
    (state, detail) => {
      $('ward-status').textContent =
        state === 'open' ? 'live' : state === 'closed' ? 'reconnecting…' : `stream error: ${detail ?? ''}`;
      $('ward-status').dataset.state = state;
    },
    streamAbort.signal,
  );
}

/** @param {string} name @param {any} data */
function onStreamEvent(name, data) {
  if (name === 'hello') {
    $('ward-empty').hidden = data.patients.length > 0;
  } else if (name === 'snapshot') {
    if (!patients.has(data.patient) && patients.size > 0)
      $('ward-status').textContent = `${data.patient} joined`;
    const card = cardOf(data.patient);
    if (data.state) updateVitals(card, data.state);
    for (const a of data.alerts) onAlert(a);
  } else if (name === 'vitals') {
    updateVitals(cardOf(data.patient), data);
  } else if (name === 'alert') {
    onAlert(data);
  } else if (name === 'access-lost') {
    patients.get(data.patient)?.root.remove();
    patients.delete(data.patient);
    for (const [id, a] of alerts) if (a.patient === data.patient) alerts.delete(id);
    renderAlerts();
    $('ward-status').textContent = `access to ${data.patient} ended: ${data.reason}`;
    $('ward-empty').hidden = patients.size > 0;
  }
}

/** The card of a patient, created on first sight. @param {string} patient */
function cardOf(patient) {
  let card = patients.get(patient);
  if (card) return card;
  const news2 = el('span', { class: 'news2', 'data-band': 'none' }, ['NEWS2 –']);
  const risk = el('span', { class: 'risk' }, ['risk –']);
  const alertBadge = el('span', { class: 'badge alert-count', hidden: '' }, ['']);
  const list = el('dl', { class: 'vitals' });
  /** @type {Record<string, any>} */
  const rows = {};
  for (const v of VITALS) {
    const value = el('dd', { class: 'value', 'data-vital': v.key }, ['–']);
    const trend = createTrend(`${v.label} trend`);
    rows[v.key] = { value, trend, history: /** @type {number[]} */ ([]) };
    list.append(el('div', { class: 'vital' }, [el('dt', {}, [v.label]), value, trend]));
  }
  const updated = el('p', { class: 'updated muted' }, ['']);
  const root = el(
    'article',
    { class: 'card patient', 'data-patient': patient, 'aria-label': `Patient ${patient}` },
    [el('header', {}, [el('h3', {}, [patient]), news2, risk, alertBadge]), list, updated],
  );
  $('ward-grid').append(root);
  $('ward-empty').hidden = true;
  card = { root, news2, risk, rows, updated, alertBadge };
  patients.set(patient, card);
  return card;
}

/** @param {any} card @param {any} state */
function updateVitals(card, state) {
  const n = state.news2;
  card.news2.textContent = `NEWS2 ${n.total ?? '–'}`;
  card.news2.dataset.band = n.band ?? 'none';
  card.news2.setAttribute(
    'title',
    `band ${n.band}${n.missing?.length ? `; missing ${n.missing.join(', ')}` : ''}`,
  );
  card.risk.textContent = state.risk ? `risk ${Math.round(state.risk.probability * 100)}%` : 'risk –';
  for (const v of VITALS) {
    const live = state.vitals[v.key];
    const row = card.rows[v.key];
    if (!live) continue;
    const shown =
      v.key === 'systolic' && state.vitals.diastolic
        ? `${Math.round(live.value)}/${Math.round(state.vitals.diastolic.value)}`
        : `${Number(live.value.toFixed(1))}`;
    row.value.textContent = `${shown} ${v.unit}`;
    row.value.classList.toggle('quarantined', !!live.quarantined);
    row.value.setAttribute(
      'title',
      live.quarantined ? `from quarantined device ${live.deviceId}` : `device ${live.deviceId}`,
    );
    if (row.lastTime !== live.time) {
      row.lastTime = live.time;
      row.history.push(live.value);
      if (row.history.length > HISTORY) row.history.shift();
      drawTrend(row.trend, row.history, v.lo, v.hi);
    }
  }
  card.updated.textContent = `updated ${time(state.updatedAt)}`;
  card.root.dataset.updates = String(Number(card.root.dataset.updates ?? 0) + 1);
}

$('break-glass-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const patient = /** @type {HTMLInputElement} */ ($('bg-patient')).value.trim();
  const reason = /** @type {HTMLInputElement} */ ($('bg-reason')).value.trim();
  try {
    const r = await api(session, 'POST', `/v1/Patient/${encodeURIComponent(patient)}/$break-glass`, {
      reason,
    });
    $('bg-message').textContent =
      `Emergency access to ${patient} until ${time(r.expiresAt)}; this is audited and shown to the patient.`;
  } catch (error) {
    failed(error, $('bg-message'));
  }
});

// ---- alerts ---------------------------------------------------------------------------------------

/** @param {any} a */
function onAlert(a) {
  if (a.status === 'resolved') alerts.delete(a.id);
  else alerts.set(a.id, a);
  renderAlerts();
}

const RANK = { high: 0, medium: 1, low: 2 };

function renderAlerts() {
  const rows = [...alerts.values()].sort(
    (a, b) =>
      (RANK[/** @type {'low'} */ (a.priority)] ?? 3) - (RANK[/** @type {'low'} */ (b.priority)] ?? 3) ||
      b.updatedAt - a.updatedAt,
  );
  $('alerts-empty').hidden = rows.length > 0;
  $('alerts-body').replaceChildren(
    ...rows.map((a) => {
      const ack =
        a.status === 'active' && session?.role === 'clinician'
          ? el(
              'button',
              {
                type: 'button',
                class: 'ack',
                'data-alert': a.id,
                'aria-label': `Acknowledge alert ${a.text} for ${a.patient}`,
              },
              ['Acknowledge'],
            )
          : el('span', { class: 'muted' }, [a.acknowledgedBy ? `by ${a.acknowledgedBy}` : '']);
      ack.addEventListener('click', () => acknowledge(a.id));
      const devices = a.devices
        .map((/** @type {any} */ d) => `${d.deviceId}${d.quarantined ? ' (quarantined)' : ''}`)
        .join(', ');
      return el('tr', { 'data-alert-row': a.id, 'data-priority': a.priority }, [
        el('td', {}, [el('span', { class: `badge prio-${a.priority}` }, [a.priority])]),
        el('td', {}, [a.patient]),
        el('td', {}, [a.text, a.artefact ? el('span', { class: 'badge artefact' }, ['check sensor']) : '']),
        el('td', { class: 'small' }, [devices]),
        el('td', {}, [time(a.createdAt)]),
        el('td', { class: 'alert-status' }, [a.status]),
        el('td', {}, [ack]),
      ]);
    }),
  );
  const open = new Map();
  for (const a of alerts.values())
    if (a.status === 'active') open.set(a.patient, (open.get(a.patient) ?? 0) + 1);
  for (const [patient, card] of patients) {
    const n = open.get(patient) ?? 0;
    card.alertBadge.hidden = n === 0;
    card.alertBadge.textContent = `${n} alert${n === 1 ? '' : 's'}`;
  }
  const nav = document.getElementById('nav-alerts');
  if (nav) nav.textContent = `Alerts (${[...alerts.values()].filter((a) => a.status === 'active').length})`;
}

async function acknowledge(/** @type {string} */ id) {
  try {
    await api(session, 'POST', `/v1/Flag/${encodeURIComponent(id)}/$acknowledge`, { who: session?.username });
    const a = alerts.get(id);
    if (a) onAlert({ ...a, status: 'acknowledged', acknowledgedBy: session?.username });
  } catch (error) {
    failed(error, $('ward-status'));
  }
}

// ---- devices and trust ----------------------------------------------------------------------------

async function loadDevices() {
  try {
    const r = await api(session, 'GET', '/v1/trust');
    const rows = r.devices.sort(
      (/** @type {any} */ a, /** @type {any} */ b) =>
        Number(b.quarantined) - Number(a.quarantined) || (a.score ?? 1) - (b.score ?? 1),
    );
    $('devices-body').replaceChildren(
      ...rows.map((/** @type {any} */ d) => {
        const why =
          d.quarantine?.reason ??
          d.explanation
            .filter((/** @type {any} */ i) => i.polarity === 'negative')
            .slice(0, 2)
            .map((/** @type {any} */ i) => `${i.label} (${i.count})`)
            .join('; ');
        return el('tr', { 'data-device': d.deviceId, 'data-quarantined': String(d.quarantined) }, [
          el('td', { class: 'mono' }, [d.deviceId]),
          el('td', {}, [d.kind]),
          el('td', {}, [d.patient ?? '–']),
          el('td', {}, [
            d.score === null
              ? '–'
              : el('meter', {
                  min: '0',
                  max: '1',
                  low: '0.5',
                  high: '0.8',
                  optimum: '1',
                  value: String(d.score),
                  'aria-label': `trust ${d.score.toFixed(2)}`,
                }),
            d.score === null ? '' : ` ${d.score.toFixed(2)}`,
          ]),
          el('td', {}, [
            d.quarantined
              ? el('span', { class: 'badge quarantined' }, ['quarantined'])
              : el('span', { class: 'badge ok' }, [d.status ?? 'active']),
          ]),
          el('td', { class: 'small' }, [why || '–']),
          el('td', { class: 'admin-only' }, [
            d.quarantined && session?.role === 'admin' ? reinstateButton(d.deviceId) : '',
          ]),
        ]);
      }),
    );
    const q = rows.filter((/** @type {any} */ d) => d.quarantined).length;
    $('devices-status').textContent = `${rows.length} devices, ${q} quarantined · ${time(Date.now())}`;
  } catch (error) {
    failed(error, $('devices-status'));
  }
}

/** An admin's button lifting a quarantine (asks for the reason recorded on chain). @param {string} deviceId */
function reinstateButton(deviceId) {
  const b = el(
    'button',
    { type: 'button', class: 'secondary reinstate', 'aria-label': `Reinstate ${deviceId}` },
    ['Reinstate'],
  );
  b.addEventListener('click', async () => {
    const reason = window.prompt(`Why is ${deviceId} trustworthy again (sensor replaced, key rotated…)?`);
    if (!reason) return;
    try {
      await api(session, 'POST', `/v1/trust/${encodeURIComponent(deviceId)}/$reinstate`, { reason });
      await loadDevices();
      $('devices-status').textContent = `${deviceId} reinstated.`;
    } catch (error) {
      failed(error, $('devices-status'));
    }
  });
  return b;
}

// ---- ledger ---------------------------------------------------------------------------------------

async function loadLedger() {
  try {
    const r = await api(session, 'GET', '/v1/ledger/batches?_count=20');
    $('ledger-body').replaceChildren(
      ...r.batches.map((/** @type {any} */ b) =>
        el('tr', { 'data-batch': String(b.seq) }, [
          el('td', {}, [String(b.seq)]),
          el('td', {}, [String(b.count)]),
          el('td', { class: 'mono', title: b.root }, [`${b.root.slice(0, 18)}…`]),
          el('td', {}, [
            el('span', { class: `badge ${b.status === 'anchored' ? 'ok' : 'pending'}` }, [b.status]),
          ]),
          el('td', {}, [b.anchorBlock === null ? '–' : String(b.anchorBlock)]),
          el('td', { class: 'mono', title: b.anchorTx ?? '' }, [
            b.anchorTx ? `${b.anchorTx.slice(0, 14)}…` : '–',
          ]),
          el('td', {}, [dateTime(b.createdAt)]),
        ]),
      ),
    );
  } catch (error) {
    failed(error, $('verify-result'));
    $('verify-result').hidden = false;
  }
}

$('verify-button').addEventListener('click', async () => {
  const out = $('verify-result');
  const button = /** @type {HTMLButtonElement} */ ($('verify-button'));
  button.disabled = true;
  out.hidden = false;
  out.textContent = 'Verifying every batch against the chain…';
  out.dataset.ok = '';
  try {
    const r = await api(session, 'POST', '/v1/ledger/verify', { mode: 'full' });
    out.dataset.ok = String(r.ok);
    out.replaceChildren(
      el('strong', {}, [r.ok ? 'Verified: the store matches the chain.' : 'Verification FAILED.']),
      el('p', {}, [
        `${r.batches.checked} batches (${r.batches.anchored} anchored, ${r.batches.pending} pending), ${r.readings.checked} readings, ${r.seconds.toFixed(2)} s.`,
      ]),
      ...(r.issues.length
        ? [
            el(
              'ul',
              {},
              r.issues.map((/** @type {any} */ i) =>
                el('li', {}, [`batch ${i.batch ?? '–'}: ${i.kind} ${i.detail}`]),
              ),
            ),
          ]
        : []),
    );
    await loadLedger();
  } catch (error) {
    failed(error, out);
  } finally {
    button.disabled = false;
  }
});

// ---- patients: consent and access history ---------------------------------------------------------

async function loadConsents() {
  try {
    const r = await api(session, 'GET', '/v1/Consent?patient=self');
    const consents = (r.entry ?? []).map((/** @type {any} */ e) => e.resource);
    $('consent-body').replaceChildren(
      ...consents.map((/** @type {any} */ c) => {
        const revoke = el(
          'button',
          { type: 'button', class: 'secondary revoke', 'aria-label': `Revoke ${c.scope} for ${c.grantee}` },
          ['Revoke'],
        );
        revoke.addEventListener('click', () => revokeConsent(c.id));
        return el('tr', { 'data-consent': c.id, 'data-grantee': c.grantee, 'data-status': c.status }, [
          el('td', {}, [c.grantee]),
          el('td', {}, [c.scope]),
          el('td', {}, [dateTime(c.expiresAt)]),
          el('td', {}, [c.status]),
          el('td', {}, [c.status === 'active' ? revoke : '']),
        ]);
      }),
    );
  } catch (error) {
    failed(error, $('consent-message'));
  }
}

async function revokeConsent(/** @type {string} */ id) {
  $('consent-message').textContent = 'Revoking on the consortium chain…';
  try {
    await api(session, 'DELETE', `/v1/Consent/${encodeURIComponent(id)}`);
    $('consent-message').textContent = 'Consent revoked.';
    await loadConsents();
  } catch (error) {
    failed(error, $('consent-message'));
  }
}

$('grant-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const grantee = /** @type {HTMLInputElement} */ ($('grant-grantee')).value.trim();
  const scope = /** @type {HTMLSelectElement} */ ($('grant-scope')).value;
  const days = Number(/** @type {HTMLInputElement} */ ($('grant-days')).value);
  $('consent-message').textContent = 'Granting on the consortium chain…';
  try {
    await api(session, 'POST', '/v1/Consent', {
      grantee,
      scope,
      expiresAt: new Date(Date.now() + days * 86_400_000).toISOString(),
    });
    $('consent-message').textContent = `Granted ${scope} to ${grantee}.`;
    await loadConsents();
  } catch (error) {
    failed(error, $('consent-message'));
  }
});

async function loadHistory() {
  try {
    const q = session?.role === 'patient' ? '?patient=self&_count=100' : '?_count=100';
    const r = await api(session, 'GET', `/v1/AuditEvent${q}`);
    $('history-body').replaceChildren(
      ...(r.entry ?? []).map((/** @type {any} */ e) => {
        const a = e.resource;
        const what = [
          a.subtype?.[0]?.code,
          ...(a.entity ?? []).map((/** @type {any} */ x) => x.what?.display ?? x.what?.reference),
        ]
          .filter(Boolean)
          .join(' ');
        return el('tr', { 'data-outcome': a.outcome === '0' ? 'allowed' : 'denied' }, [
          el('td', {}, [dateTime(a.recorded)]),
          el('td', {}, [a.agent?.[0]?.who?.identifier?.value ?? '–']),
          el('td', {}, [a.agent?.[0]?.role?.[0]?.text ?? '–']),
          el('td', {}, [what]),
          el('td', {}, [
            el('span', { class: `badge ${a.outcome === '0' ? 'ok' : 'quarantined'}` }, [
              a.outcome === '0' ? 'allowed' : 'denied',
            ]),
          ]),
          el('td', { class: 'small' }, [`${a.breakGlass ? 'BREAK-GLASS · ' : ''}${a.outcomeDesc ?? ''}`]),
        ]);
      }),
    );
  } catch (error) {
    failed(error, $('history-title'));
  }
}

if (session) signedIn();
else signedOut();
