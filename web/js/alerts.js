// @ts-check
import { api, describeError } from './api.js';
import { $, el, replaceKeepingFocus } from './dom.js';
import { formatDuration, formatTime, inWords, priorityLabel, timeNode } from './format.js';
import { changed, onChange, serverNow, state } from './state.js';

const RANK = { high: 0, medium: 1, low: 2 };
/** Per alert: the last failed action's message, shown in its row until the next try. @type {Map<string, any>} */
const rowErrors = new Map();
let tab = 'clinical';
let resolvedLoadedAt = 0;

/** Alerts resolved in the last hour, from the gateway (so a reload or a late sign-in still sees why). */
async function loadResolved() {
  if (Date.now() - resolvedLoadedAt < 10_000) return;
  resolvedLoadedAt = Date.now();
  const since = Date.now() - 3_600_000;
  for (const [patient, entry] of state.patients) {
    if (!entry.access?.alerts) continue;
    try {
      const bundle = await api(
        state.session,
        'GET',
        `/v1/Flag?patient=${encodeURIComponent(patient)}&status=resolved&_count=20`,
      );
      for (const e of bundle.entry ?? []) {
        const f = e.resource;
        const ext = f.extension?.[0]?.extension ?? [];
        const get = (/** @type {string} */ url) => ext.find((/** @type {any} */ x) => x.url === url);
        const resolvedAt = Date.parse(f.period?.end ?? '');
        if (!(resolvedAt >= since) || state.resolved.has(f.id)) continue;
        state.resolved.set(f.id, {
          id: f.id,
          patient,
          text: f.code?.text ?? '',
          priority: get('priority')?.valueCode,
          resolvedAt,
          resolution: get('resolution')?.valueString,
        });
      }
    } catch {
      // The list of open alerts does not depend on this; it is tried again at the next render.
      resolvedLoadedAt = 0;
    }
  }
  renderAlerts();
}

/** @param {any} a */
function statusText(a) {
  const parts = [];
  if (a.status === 'acknowledged')
    parts.push(`acknowledged by ${a.acknowledgedBy} at ${formatTime(a.acknowledgedAt)}`);
  else parts.push('ACTIVE, not acknowledged');
  if (a.silencedUntil && a.silencedUntil > serverNow()) {
    parts.push(`silenced until ${formatTime(a.silencedUntil)} by ${a.silencedBy}: ${a.silenceReason}`);
  }
  if (a.escalatedAt)
    parts.push(`ESCALATED from ${a.escalatedFrom ?? 'lower'} at ${formatTime(a.escalatedAt)}`);
  if (a.notifications > 1) parts.push(`notified ${a.notifications} times`);
  return parts.join(' · ');
}

/** @param {any} a */
function alertRow(a) {
  const canAct = state.session?.role === 'clinician';
  const ack =
    canAct && a.status === 'active'
      ? el('button', { type: 'button', class: 'ack', 'data-alert': a.id, 'data-focus-key': `ack-${a.id}` }, [
          'Acknowledge',
        ])
      : null;
  ack?.addEventListener('click', () => void acknowledge(a.id, /** @type {HTMLButtonElement} */ (ack)));
  const silence = canAct
    ? el('button', { type: 'button', class: 'secondary silence', 'data-focus-key': `silence-${a.id}` }, [
        'Silence…',
      ])
    : null;
  silence?.addEventListener('click', () => openSilence(a));
  const error = rowErrors.get(a.id);
  const devices = a.devices
    .map((/** @type {any} */ d) => `${d.deviceId}${d.quarantined ? ' (QUARANTINED)' : ''}`)
    .join(', ');
  return el('tr', { 'data-alert-row': a.id, 'data-priority': a.priority, 'data-status': a.status }, [
    el('td', {}, [el('span', { class: `badge prio-${a.priority}` }, [priorityLabel(a.priority)])]),
    el('td', {}, [
      el('span', { class: 'alert-text' }, [inWords(a.text)]),
      el('div', { class: 'small muted' }, [`devices: ${devices || '–'}`]),
    ]),
    el('td', {}, [
      timeNode(a.createdAt),
      el('div', { class: 'small muted' }, [`for ${formatDuration(serverNow() - a.createdAt)}`]),
    ]),
    el('td', { class: 'alert-status' }, [statusText(a)]),
    el('td', { class: 'actions' }, [
      ack,
      silence,
      error
        ? el('p', { class: 'error', role: 'alert' }, [
            error.text,
            el('span', { class: 'code' }, [` (${error.code})`]),
          ])
        : null,
    ]),
  ]);
}

const HEAD = ['Severity', 'Alert', 'Raised', 'Status', 'Actions'];

/** Renders the alert lists: clinical or technical, grouped per patient, worst group first. */
export function renderAlerts() {
  const all = [...state.alerts.values()];
  const clinical = all.filter((a) => a.category === 'clinical');
  const technical = all.filter((a) => a.category !== 'clinical');
  $('tab-clinical').textContent = `Clinical (${clinical.length})`;
  $('tab-technical').textContent = `Technical: sensors and devices (${technical.length})`;
  $('tab-clinical').setAttribute('aria-pressed', String(tab === 'clinical'));
  $('tab-technical').setAttribute('aria-pressed', String(tab === 'technical'));
  const list = tab === 'clinical' ? clinical : technical;
  /** @type {Map<string, any[]>} */
  const byPatient = new Map();
  for (const a of list) byPatient.set(a.patient, [...(byPatient.get(a.patient) ?? []), a]);
  const sortAlerts = (/** @type {any[]} */ xs) =>
    xs.sort(
      (a, b) =>
        RANK[/** @type {'low'} */ (a.priority)] - RANK[/** @type {'low'} */ (b.priority)] ||
        a.createdAt - b.createdAt,
    );
  const groups = [...byPatient.entries()].map(([p, xs]) => [p, sortAlerts(xs)]);
  groups.sort(
    (a, b) =>
      RANK[/** @type {'low'} */ (a[1][0].priority)] - RANK[/** @type {'low'} */ (b[1][0].priority)] ||
      a[1][0].createdAt - b[1][0].createdAt,
  );
  replaceKeepingFocus(
    $('alerts-groups'),
    groups.map(([patient, xs]) =>
      el('section', { class: 'alert-group', 'data-patient': /** @type {string} */ (patient) }, [
        el('h3', {}, [
          el('a', { href: `#patient/${encodeURIComponent(/** @type {string} */ (patient))}` }, [
            /** @type {string} */ (patient),
          ]),
          ` · ${xs.length} open`,
        ]),
        el(
          'div',
          { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Alerts of ${patient}` },
          [
            el('table', { class: 'table' }, [
              el('thead', {}, [
                el(
                  'tr',
                  {},
                  HEAD.map((h) => el('th', { scope: 'col' }, [h])),
                ),
              ]),
              el('tbody', {}, /** @type {any[]} */ (xs).map(alertRow)),
            ]),
          ],
        ),
      ]),
    ),
  );
  $('alerts-empty').hidden = list.length > 0;
  $('alerts-empty').textContent =
    tab === 'clinical' ? 'No open clinical alerts.' : 'No open technical alerts.';
  void loadResolved();
  const resolved = [...state.resolved.values()].sort((a, b) => b.resolvedAt - a.resolvedAt).slice(0, 20);
  $('resolved-list').replaceChildren(
    ...resolved.map((a) =>
      el('li', { 'data-resolved': a.id }, [
        `${formatTime(a.resolvedAt)} · ${a.patient} · ${inWords(a.text)} — resolved: ${a.resolution ?? 'condition cleared'}`,
      ]),
    ),
  );
  $('resolved-section').hidden = resolved.length === 0;
  const nav = document.getElementById('nav-alerts');
  const active = all.filter((a) => a.status === 'active').length;
  if (nav) nav.textContent = `Alerts (${active} active)`;
}

/** @param {string} id @param {HTMLButtonElement} button */
async function acknowledge(id, button) {
  button.disabled = true;
  try {
    const flag = await api(state.session, 'POST', `/v1/Flag/${encodeURIComponent(id)}/$acknowledge`, {
      who: state.session?.username,
    });
    rowErrors.delete(id);
    const a = state.alerts.get(id);
    const ext = flag?.extension?.[0]?.extension ?? [];
    const at = ext.find((/** @type {any} */ x) => x.url === 'acknowledgedAt')?.valueDateTime;
    if (a)
      state.alerts.set(id, {
        ...a,
        status: 'acknowledged',
        acknowledgedBy: state.session?.username,
        acknowledgedAt: at ?? Date.now(),
      });
  } catch (error) {
    rowErrors.set(id, describeError(error, 'The alert was NOT acknowledged.'));
  }
  changed('alert');
  // Focus stays on the row the user acted on (the button is gone once acknowledged).
  const row = document.querySelector(
    `[data-alert-row="${CSS.escape(id)}"] .silence, [data-alert-row="${CSS.escape(id)}"] .ack`,
  );
  if (row instanceof HTMLElement) row.focus();
}

/** @type {any} */
let silencing = null;
/** @param {any} a */
function openSilence(a) {
  silencing = a;
  $('silence-what').textContent = `${a.patient}: ${a.text}`;
  $('silence-error').textContent = '';
  /** @type {HTMLDialogElement} */ ($('silence-dialog')).showModal();
}

/** Wires the tabs and the silence dialog. */
export function initAlerts() {
  $('tab-clinical').addEventListener('click', () => {
    tab = 'clinical';
    renderAlerts();
  });
  $('tab-technical').addEventListener('click', () => {
    tab = 'technical';
    renderAlerts();
  });
  $('silence-cancel').addEventListener('click', () =>
    /** @type {HTMLDialogElement} */ ($('silence-dialog')).close(),
  );
  $('silence-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!silencing) return;
    const minutes = Number(/** @type {HTMLSelectElement} */ ($('silence-minutes')).value);
    const reason = /** @type {HTMLInputElement} */ ($('silence-reason')).value.trim();
    try {
      const a = await api(state.session, 'POST', `/v1/Flag/${encodeURIComponent(silencing.id)}/$silence`, {
        minutes,
        reason,
      });
      state.alerts.set(a.id, { ...state.alerts.get(a.id), ...a });
      /** @type {HTMLDialogElement} */ ($('silence-dialog')).close();
      changed('alert');
    } catch (error) {
      const e = describeError(error, 'The alert was NOT silenced.');
      $('silence-error').textContent = `${e.text} (${e.code})`;
    }
  });
  onChange((what) => {
    if (!$('screen-alerts').hidden && (what !== 'tick' || Date.now() % 5000 < 1000)) renderAlerts();
    else if (what === 'alert' || what === 'snapshot') {
      const nav = document.getElementById('nav-alerts');
      if (nav)
        nav.textContent = `Alerts (${[...state.alerts.values()].filter((a) => a.status === 'active').length} active)`;
    }
  });
}
