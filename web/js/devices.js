// @ts-check
import { api, describeError } from './api.js';
import { $, el, replaceKeepingFocus } from './dom.js';
import { formatDuration, formatTime, timeNode, VITAL_NAMES } from './format.js';
import { state } from './state.js';

/** A device's standing in words: quarantined, new (little evidence), or trusted. @param {any} d */
function standing(d) {
  if (d.quarantined) return { text: 'QUARANTINED', cls: 'quarantined' };
  if (d.uncertainty > 0.5) return { text: 'NEW: little evidence yet', cls: 'new' };
  return { text: 'trusted', cls: 'ok' };
}

/** The quarantine explained: the vital, the other device, the size of the disagreement and when. @param {any} d */
function why(d) {
  // A past quarantine is in the history; the explanation is for a device quarantined now.
  const q = d.quarantined ? d.quarantine : null;
  if (q) {
    const x = q.detail;
    const detail = x
      ? [
          `${VITAL_NAMES[x.quantity] ?? x.quantity} differed from device `,
          el('span', { class: 'mono' }, [x.peerId]),
          ` by ${x.diff > 0 ? '+' : ''}${Math.round(x.diff * 10) / 10} at ${formatTime(x.at)}. `,
        ]
      : [];
    return [...detail, `Quarantined at ${formatTime(q.at)}: ${q.reason}`];
  }
  const negative = d.explanation.filter((/** @type {any} */ i) => i.polarity === 'negative').slice(0, 2);
  return [negative.map((/** @type {any} */ i) => `${i.label} (${i.count})`).join('; ') || '–'];
}

/** @param {any} d */
function row(d) {
  const s = standing(d);
  const history = d.history.length
    ? el('details', {}, [
        el('summary', {}, [`History (${d.history.length})`]),
        el(
          'ul',
          { class: 'small' },
          d.history.map((/** @type {any} */ h) =>
            el('li', {}, [
              `${formatTime(h.at)} · ${h.type === 'quarantine' ? 'quarantined' : 'reinstated'} by ${h.by}: ${h.reason}`,
            ]),
          ),
        ),
      ])
    : el('span', { class: 'muted small' }, ['no quarantine so far']);
  const reinstate =
    d.quarantined && state.session?.role === 'admin'
      ? el(
          'button',
          {
            type: 'button',
            class: 'secondary reinstate',
            'data-focus-key': `reinstate-${d.deviceId}`,
            'aria-label': `Reinstate ${d.deviceId}`,
          },
          ['Reinstate…'],
        )
      : null;
  reinstate?.addEventListener('click', () => openReinstate(d.deviceId));
  const seen = d.lastSeen
    ? [
        timeNode(d.lastSeen),
        el('div', { class: 'small muted' }, [`${formatDuration(Date.now() - Date.parse(d.lastSeen))} ago`]),
      ]
    : ['never since the gateway started'];
  const attrs = {
    'data-device': d.deviceId,
    'data-quarantined': String(d.quarantined),
    'data-offline': String(d.offline),
  };
  return el('tr', attrs, [
    el('td', {}, [
      el('span', { class: 'mono device-id' }, [d.deviceId]),
      el('span', { class: 'small muted' }, [
        `${d.kind} · patient `,
        el('span', { class: 'nowrap' }, [d.patient ?? '–']),
      ]),
    ]),
    el('td', {}, [
      el('span', { class: `badge ${s.cls}` }, [s.text]),
      d.score === null ? '' : el('div', { class: 'small' }, [`trust ${d.score.toFixed(2)}`]),
    ]),
    el('td', {}, [d.offline ? el('strong', { class: 'device-id' }, ['OFFLINE']) : null, ...seen]),
    el('td', { class: 'small' }, [el('p', { class: 'why' }, why(d)), history]),
    el('td', { class: 'admin-only' }, [reinstate]),
  ]);
}

/** Loads the devices the user may see (clinicians: only their patients'). */
export async function loadDevices() {
  try {
    const r = await api(state.session, 'GET', '/v1/trust');
    const rows = r.devices.sort(
      (/** @type {any} */ a, /** @type {any} */ b) =>
        Number(b.quarantined) - Number(a.quarantined) ||
        Number(b.offline) - Number(a.offline) ||
        (a.deviceId < b.deviceId ? -1 : 1),
    );
    replaceKeepingFocus($('devices-body'), rows.map(row));
    const q = rows.filter((/** @type {any} */ d) => d.quarantined).length;
    const off = rows.filter((/** @type {any} */ d) => d.offline).length;
    $('devices-status').textContent =
      `${rows.length} devices, ${q} quarantined, ${off} offline · updated ${formatTime(Date.now())}`;
  } catch (error) {
    const e = describeError(error, 'The device list could not be updated.');
    $('devices-status').textContent = `${e.text} (${e.code})`;
  }
}

/** @type {string | null} */
let reinstating = null;
/** @param {string} deviceId */
function openReinstate(deviceId) {
  reinstating = deviceId;
  $('reinstate-what').textContent = deviceId;
  $('reinstate-error').textContent = '';
  /** @type {HTMLDialogElement} */ ($('reinstate-dialog')).showModal();
}

/** Wires the reinstatement form (a reason is required; it goes on chain with DeviceReinstated). */
export function initDevices() {
  $('reinstate-cancel').addEventListener('click', () =>
    /** @type {HTMLDialogElement} */ ($('reinstate-dialog')).close(),
  );
  $('reinstate-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!reinstating) return;
    const reason = /** @type {HTMLInputElement} */ ($('reinstate-reason')).value.trim();
    try {
      await api(state.session, 'POST', `/v1/trust/${encodeURIComponent(reinstating)}/$reinstate`, { reason });
      /** @type {HTMLDialogElement} */ ($('reinstate-dialog')).close();
      $('devices-status').textContent = `${reinstating} reinstated: its readings count again.`;
      await loadDevices();
    } catch (error) {
      const e = describeError(error, 'The device was NOT reinstated.');
      $('reinstate-error').textContent = `${e.text} (${e.code})`;
    }
  });
}
