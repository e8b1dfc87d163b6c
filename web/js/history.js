// @ts-check
import { api, describeError } from './api.js';
import { directory, loadDirectory } from './consent.js';
import { $, el } from './dom.js';
import { formatTime } from './format.js';
import { state } from './state.js';

/** What an access did, in plain language; `{of}` is where the patient goes. @type {Record<string, string>} */
const ACTIONS = {
  'Observation search': 'looked at the vital signs{of}',
  'Observation read': 'looked at a vital-sign reading{of}',
  'Patient/$live read': 'looked at the live vital signs{of}',
  'Patient/$flowsheet read': 'looked at the vital-sign history{of}',
  'ward-stream read': 'opened the live ward view{of}',
  'ward-stream stop': 'stopped seeing{the} (access ended)',
  'Flag read': 'looked at the alerts{of}',
  'Flag/$silence silence': 'silenced an alert{of}',
  'Flag acknowledge': 'acknowledged an alert',
  'Consent grant': 'granted consent{for}',
  'Consent revoke': 'revoked consent{for}',
  'Consent search': 'looked at the consents{of}',
  'Patient break-glass': 'used EMERGENCY ACCESS (break the glass) to{the}',
  'Patient read': 'opened{the}',
  'AuditEvent search': 'looked at the access history{of}',
  'AuditEvent export': 'exported the access history{of}',
  'AuditEvent verify': 'verified the audit chain',
  'auth login': 'signed in',
  'trust search': 'looked at device trust',
  'directory search': 'looked at the directory of clinicians',
  'Observation/$proof read': 'checked the proof of a reading{of}',
  'ClinicalEntry search': 'looked at the bedside observations{of}',
};

/** The reason recorded with an access, in words (scopes, grantees by name, times in the screen's format). @param {string} reason @param {boolean} [you] */
export function plainReason(reason, you = false) {
  return reason
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, (iso) => formatTime(iso))
    .replace(/BREAK-GLASS until/g, 'emergency access until')
    .replace(/^self$/, you ? 'your own record' : 'their own record')
    .replace(/vitals\+alerts: /, 'vital signs and alerts; ')
    .replace(/^vitals: /, 'vital signs; ')
    .replace(/^alerts: /, 'alerts; ')
    .replace(/consent (read:vitals|read:alerts|research) to (\S+)/g, (_m, scope, grantee) => {
      const name = directory.find((e) => e.grantee === grantee)?.name ?? grantee;
      return `consent to ${name} for ${scope === 'read:vitals' ? 'vital signs' : scope === 'read:alerts' ? 'alerts' : 'research'}`;
    })
    .replace(
      /no live consent for (read:vitals|read:alerts)/,
      (_m, scope) => `no consent for ${scope === 'read:vitals' ? 'vital signs' : 'alerts'}`,
    );
}

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
  const whose = patient ? (state.session?.patient === patient ? 'your record' : `patient ${patient}`) : '';
  let what = ACTIONS[`${resource} ${action}`];
  if (!what && resource.startsWith('ClinicalEntry/'))
    what = `recorded a bedside observation (${resource.slice(14)}){for}`;
  if (!what && resource.startsWith('Device/'))
    what = `${action === 'reinstate' ? 'reinstated' : action} device ${resource.slice(7)}`;
  what = (what ?? `${action} ${resource}{of}`)
    .replace('{of}', whose ? ` of ${whose}` : '')
    .replace('{for}', whose ? ` for ${whose}` : '')
    .replace('{the}', whose ? ` ${whose}` : '');
  const outcome = a.outcome === '0' ? 'allowed' : 'REFUSED';
  return `${who} ${what}: ${outcome} (${plainReason(a.outcomeDesc ?? '', who === 'You')})`;
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
