// @ts-check
import { api, describeError } from './api.js';
import { directory, loadDirectory } from './consent.js';
import { $, el } from './dom.js';
import { formatTime } from './format.js';
import { state } from './state.js';

/** What an access did, in plain language. @type {Record<string, string>} */
const ACTIONS = {
  'Observation search': 'looked at vital signs',
  'Observation read': 'looked at a vital-sign reading',
  'Patient/$live read': 'looked at the live vital signs',
  'Patient/$flowsheet read': 'looked at the vital-sign history',
  'ward-stream read': 'opened the live ward view of',
  'ward-stream stop': 'stopped seeing (access ended)',
  'Flag read': 'looked at alerts',
  'Flag/$silence silence': 'silenced an alert',
  'Flag acknowledge': 'acknowledged an alert',
  'Consent grant': 'granted consent',
  'Consent revoke': 'revoked consent',
  'Consent search': 'looked at consents',
  'Patient break-glass': 'used EMERGENCY ACCESS (break the glass) for',
  'Patient read': 'opened the record of',
  'AuditEvent search': 'looked at the access history',
  'AuditEvent export': 'exported the access history',
  'AuditEvent verify': 'verified the audit chain',
  'auth login': 'signed in',
  'trust search': 'looked at device trust',
  'directory search': 'looked at the directory',
  'Observation/$proof read': 'checked the proof of a reading',
  'ClinicalEntry search': 'looked at bedside observations',
};

/** @param {any} a an AuditEvent */
export function sentence(a) {
  const actor = a.agent?.[0]?.who?.identifier?.value ?? 'someone';
  const role = a.agent?.[0]?.role?.[0]?.text ?? '';
  const resource = a.entity?.find((/** @type {any} */ x) => x.what?.display)?.what?.display ?? '';
  const patient = a.entity
    ?.find((/** @type {any} */ x) => x.what?.reference)
    ?.what?.reference?.replace('Patient/', '');
  const action = a.subtype?.[0]?.code ?? '';
  const name = directory.find((e) => e.kind === 'clinician' && e.grantee === `clin-${actor}`)?.name;
  const who =
    actor === state.session?.username
      ? 'You'
      : `${name ? `${name} (${actor})` : actor}${role ? `, ${role},` : ''}`;
  let what = ACTIONS[`${resource} ${action}`];
  if (!what && resource.startsWith('ClinicalEntry/'))
    what = `recorded a bedside observation (${resource.slice(14)}) for`;
  if (!what && resource.startsWith('Device/'))
    what = `${action === 'reinstate' ? 'reinstated' : action} device ${resource.slice(7)}`;
  what ??= `${action} ${resource}`;
  const whose = patient ? (state.session?.patient === patient ? ' your record' : ` patient ${patient}`) : '';
  const outcome = a.outcome === '0' ? 'allowed' : 'REFUSED';
  return `${who} ${what}${whose}: ${outcome} (${a.outcomeDesc ?? ''})`;
}

/** @type {string[]} cursors of the pages before the current one */
let back = [];
let cursor = '';

function query() {
  const q = new URLSearchParams();
  if (state.session?.role === 'patient') q.set('patient', 'self');
  else {
    const v = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id)).value.trim();
    if (v('audit-patient')) q.set('patient', v('audit-patient'));
    if (v('audit-actor')) q.set('actor', v('audit-actor'));
    if (v('audit-outcome')) q.set('outcome', v('audit-outcome'));
    if (v('audit-from')) q.append('date', `ge${new Date(v('audit-from')).toISOString()}`);
    if (v('audit-to')) q.append('date', `lt${new Date(v('audit-to')).toISOString()}`);
    if (/** @type {HTMLInputElement} */ ($('audit-bg')).checked) q.set('break-glass', 'true');
  }
  return q;
}

/** Loads one page of the access history (newest first), in plain language, break-glass highlighted. */
export async function loadHistory() {
  if (directory.length === 0) await loadDirectory();
  const q = query();
  q.set('_count', '25');
  if (cursor) q.set('cursor', cursor);
  try {
    const r = await api(state.session, 'GET', `/v1/AuditEvent?${q}`);
    const entries = (r.entry ?? []).map((/** @type {any} */ e) => e.resource);
    $('history-body').replaceChildren(
      ...entries.map((/** @type {any} */ a) =>
        el(
          'tr',
          {
            'data-outcome': a.outcome === '0' ? 'allowed' : 'denied',
            'data-break-glass': String(a.breakGlass),
          },
          [
            el('td', { class: 'nowrap' }, [formatTime(a.recorded)]),
            el('td', {}, [
              a.breakGlass ? el('span', { class: 'badge emergency' }, ['EMERGENCY ACCESS']) : null,
              a.breakGlass ? ' ' : null,
              sentence(a),
            ]),
          ],
        ),
      ),
    );
    const next = r.link?.find((/** @type {any} */ l) => l.relation === 'next')?.url;
    const nextCursor = next ? new URL(next, location.href).searchParams.get('cursor') : null;
    /** @type {HTMLButtonElement} */ ($('history-older')).disabled = !nextCursor;
    $('history-older').dataset.cursor = nextCursor ?? '';
    /** @type {HTMLButtonElement} */ ($('history-newer')).disabled = back.length === 0;
    $('history-page').textContent =
      `Page ${back.length + 1}${entries.length ? `: ${formatTime(entries[0].recorded)} to ${formatTime(entries.at(-1).recorded)}` : ': nothing matches'}`;
  } catch (error) {
    const e = describeError(error, 'The access history could not be loaded.');
    $('history-page').textContent = `${e.text} (${e.code})`;
  }
}

/** @param {'csv' | 'ndjson'} format */
async function exportAudit(format) {
  const q = query();
  q.set('format', format);
  try {
    const text = await api(
      state.session,
      'GET',
      `/v1/AuditEvent/$export?${q}`,
      undefined,
      format === 'csv' ? 'text/csv' : 'application/x-ndjson',
    );
    const a = el('a', {
      href: URL.createObjectURL(new Blob([text], { type: 'text/plain' })),
      download: `vigil-audit.${format}`,
    });
    a.click();
    $('history-message').textContent =
      `Exported ${String(text).trim().split('\n').length - (format === 'csv' ? 1 : 0)} entries as ${format.toUpperCase()}.`;
  } catch (error) {
    const e = describeError(error, 'Nothing was exported.');
    $('history-message').textContent = `${e.text} (${e.code})`;
  }
}

/** Wires filters, paging, export and the audit chain verification. */
export function initHistory() {
  $('audit-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    back = [];
    cursor = '';
    void loadHistory();
  });
  $('history-older').addEventListener('click', () => {
    back.push(cursor);
    cursor = $('history-older').dataset.cursor ?? '';
    void loadHistory();
  });
  $('history-newer').addEventListener('click', () => {
    cursor = back.pop() ?? '';
    void loadHistory();
  });
  $('export-csv').addEventListener('click', () => void exportAudit('csv'));
  $('export-ndjson').addEventListener('click', () => void exportAudit('ndjson'));
  $('verify-audit').addEventListener('click', async () => {
    const out = $('verify-audit-result');
    out.hidden = false;
    out.textContent = 'Re-deriving every audit batch and comparing it with the chain…';
    try {
      const r = await api(state.session, 'POST', '/v1/AuditEvent/$verify');
      out.dataset.ok = String(r.ok);
      out.textContent = r.ok
        ? `Verified: the audit trail matches the chain (${r.batches.checked} batches, ${r.entries.checked} entries; ${r.entries.unbatched} newest entries not sealed yet).`
        : `Verification FAILED: ${r.issues.map((/** @type {any} */ i) => `batch ${i.seq}: ${i.detail}`).join('; ')}`;
    } catch (error) {
      const e = describeError(error, 'The audit chain was not verified.');
      out.textContent = `${e.text} (${e.code})`;
    }
  });
}
