// @ts-check

import { initAlerts, renderAlerts } from './alerts.js';
import { ApiError, api, describeError, loadSession, saveSession } from './api.js';
import { initConsent, loadConsents, loadDirectory } from './consent.js';
import { initDevices, loadDevices } from './devices.js';
import { $, el } from './dom.js';
import { formatTime } from './format.js';
import { initHistory, loadHistory } from './history.js';
import { initLedger, loadLedger } from './ledger.js';
import { initPatient, showPatient } from './patient.js';
import { resetState, state } from './state.js';
import { initWard, renderWard, startWard, stopWard } from './ward.js';

/** Screens each role sees, in nav order. */
const SCREENS = {
  clinician: ['ward', 'alerts', 'devices'],
  patient: ['ward', 'consent', 'history'],
  admin: ['devices', 'ledger'],
  auditor: ['history', 'ledger', 'devices'],
};
/** @type {Record<string, string>} */
const TITLES = {
  ward: 'Ward',
  alerts: 'Alerts',
  devices: 'Devices',
  ledger: 'Ledger',
  consent: 'Consent',
  history: 'Access history',
};
/** @type {number[]} */
const timers = [];

/** Shows one screen (`#ward`, `#patient/<id>`, …) and loads what it needs. @param {string} hash */
function route(hash) {
  const [name = '', arg] = hash.replace(/^#/, '').split('/');
  const allowed = state.session
    ? (SCREENS[/** @type {keyof typeof SCREENS} */ (state.session.role)] ?? [])
    : [];
  const screen = !state.session
    ? 'login'
    : name === 'patient' && arg && allowed.includes('ward')
      ? 'patient'
      : allowed.includes(name)
        ? name
        : (allowed[0] ?? 'login');
  for (const s of document.querySelectorAll('.screen')) {
    if (s instanceof HTMLElement) s.hidden = s.id !== `screen-${screen}`;
  }
  for (const b of document.querySelectorAll('#nav a')) {
    b.setAttribute('aria-current', b.getAttribute('data-screen') === screen ? 'page' : 'false');
  }
  document.title = `${TITLES[screen] ?? (screen === 'patient' ? `Patient ${arg}` : 'Sign in')} · Vigil`;
  if (screen === 'ward') renderWard();
  if (screen === 'alerts') renderAlerts();
  if (screen === 'devices') void loadDevices();
  if (screen === 'ledger') void loadLedger();
  if (screen === 'consent') void loadDirectory().then(loadConsents);
  if (screen === 'history') void loadHistory();
  if (screen === 'patient' && arg) void showPatient(decodeURIComponent(arg));
}

/** @param {string} [message] */
function signedOut(message) {
  stopWard();
  resetState();
  for (const t of timers.splice(0)) clearInterval(t);
  state.session = null;
  saveSession(null);
  $('nav').hidden = true;
  $('who').hidden = true;
  $('connection-banner').hidden = true;
  $('sound-bar').hidden = true;
  document.body.dataset.role = '';
  $('login-error').textContent = message ?? '';
  location.hash = '';
  route('');
  $('login-username').focus();
}

function signedIn() {
  const session = state.session;
  if (!session) return signedOut();
  const screens = SCREENS[/** @type {keyof typeof SCREENS} */ (session.role)] ?? [];
  $('nav').replaceChildren(
    ...screens.map((s) => el('a', { href: `#${s}`, 'data-screen': s, id: `nav-${s}` }, [TITLES[s] ?? s])),
  );
  $('nav').hidden = false;
  $('who').hidden = false;
  $('who-name').textContent =
    `${session.username} (${session.role}${session.patient ? ` · ${session.patient}` : ''})`;
  $('ward-title').textContent = session.role === 'patient' ? 'My vital signs' : 'Ward';
  $('break-glass').hidden = session.role !== 'clinician';
  $('sound-bar').hidden = session.role !== 'clinician';
  $('audit-filters').hidden = session.role !== 'auditor';
  $('audit-tools').hidden = session.role !== 'auditor';
  document.body.dataset.role = session.role;
  if (screens.includes('ward')) startWard(signedOut);
  if (screens.includes('devices')) {
    timers.push(window.setInterval(() => !$('screen-devices').hidden && loadDevices(), 5000));
  }
  route(location.hash);
  $('main').focus();
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = /** @type {HTMLInputElement} */ ($('login-username')).value.trim();
  const password = /** @type {HTMLInputElement} */ ($('login-password')).value;
  $('login-error').textContent = '';
  try {
    const r = await api(null, 'POST', '/v1/auth/token', { username, password });
    state.session = { token: r.access_token, username, role: r.role, patient: r.patient };
    saveSession(state.session);
    /** @type {HTMLInputElement} */ ($('login-password')).value = '';
    signedIn();
  } catch (error) {
    $('login-error').textContent =
      error instanceof ApiError && error.status === 401
        ? 'Wrong username or password.'
        : error instanceof ApiError
          ? `${error.message} (${error.code})`
          : describeError(error, 'Not signed in.').text;
  }
});

$('logout').addEventListener('click', async () => {
  const s = state.session;
  signedOut();
  await api(s, 'DELETE', '/v1/auth/token').catch(() => undefined);
});

$('break-glass-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const patient = /** @type {HTMLInputElement} */ ($('bg-patient')).value.trim();
  const reason = /** @type {HTMLInputElement} */ ($('bg-reason')).value.trim();
  try {
    const r = await api(state.session, 'POST', `/v1/Patient/${encodeURIComponent(patient)}/$break-glass`, {
      reason,
    });
    $('bg-message').textContent =
      `EMERGENCY ACCESS to ${patient} until ${formatTime(r.expiresAt)}. This is recorded and shown to the patient and the auditors.`;
  } catch (error) {
    const e = describeError(error, 'No emergency access was granted.');
    $('bg-message').textContent = `${e.text} (${e.code})`;
  }
});

// A table wider than a tablet scrolls inside its wrapper: keyboard users must be able to reach and scroll
// it, so each wrapper is a labelled, focusable region (WCAG 2.1.1; axe-core scrollable-region-focusable).
for (const wrap of document.querySelectorAll('.table-wrap[data-label]')) {
  if (!(wrap instanceof HTMLElement)) continue;
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', wrap.dataset.label ?? 'Table');
}
window.addEventListener('hashchange', () => route(location.hash));
initWard();
initAlerts();
initPatient();
initDevices();
initConsent();
initHistory();
initLedger();
state.session = loadSession();
if (state.session) signedIn();
else signedOut();
