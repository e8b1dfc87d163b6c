// @ts-check
import { api, describeError } from './api.js';
import { $, el, replaceKeepingFocus } from './dom.js';
import { formatTime } from './format.js';
import { state } from './state.js';

/** @type {Record<string, string>} */
export const SCOPE_WORDS = {
  'read:vitals': 'your vital signs',
  'read:alerts': 'your alerts',
  research: 'research use',
};
/** @type {any[]} */
export let directory = [];

/** Loads the directory of clinicians and organisations (names, not ids). */
export async function loadDirectory() {
  try {
    directory = (await api(state.session, 'GET', '/v1/directory')).entries;
  } catch {
    directory = [];
  }
  const select = /** @type {HTMLSelectElement} */ ($('grant-grantee'));
  const group = (/** @type {string} */ label, /** @type {any[]} */ xs) =>
    el(
      'optgroup',
      { label },
      xs.map((e) =>
        el('option', { value: e.grantee }, [
          e.kind === 'clinician'
            ? `${e.name}${e.organisationName ? `, ${e.organisationName}` : ''}`
            : `${e.name} (everyone there)`,
        ]),
      ),
    );
  select.replaceChildren(
    el('option', { value: '' }, ['Choose a clinician or an organisation']),
    group(
      'Clinicians',
      directory.filter((e) => e.kind === 'clinician'),
    ),
    group(
      'Organisations',
      directory.filter((e) => e.kind === 'organisation'),
    ),
  );
}

/** @param {any} c */
function statusOf(c) {
  if (c.revoked) return `revoked at ${c.revokedAt ? formatTime(c.revokedAt) : '–'}`;
  if (c.status !== 'active') return `expired at ${formatTime(c.expiresAt)}`;
  return 'active';
}

/** The patient's consents: who (by name), what, since when, until when, revoked at. */
export async function loadConsents() {
  try {
    const r = await api(state.session, 'GET', '/v1/Consent?patient=self');
    const consents = (r.entry ?? []).map((/** @type {any} */ e) => e.resource);
    replaceKeepingFocus(
      $('consent-body'),
      consents.map((/** @type {any} */ c) => {
        const name = c.granteeName ?? c.grantee;
        const revoke =
          c.status === 'active'
            ? el(
                'button',
                {
                  type: 'button',
                  class: 'secondary revoke',
                  'data-focus-key': `revoke-${c.id}`,
                  'aria-label': `Revoke ${SCOPE_WORDS[c.scope]} for ${name}`,
                },
                ['Revoke…'],
              )
            : null;
        revoke?.addEventListener('click', () => confirmRevoke(c));
        return el(
          'tr',
          { 'data-consent': c.id, 'data-grantee': c.grantee, 'data-scope': c.scope, 'data-status': c.status },
          [
            el('td', {}, [name, el('div', { class: 'small muted' }, [c.grantee])]),
            el('td', {}, [SCOPE_WORDS[c.scope] ?? c.scope]),
            el('td', { class: 'nowrap' }, [c.grantedAt ? formatTime(c.grantedAt) : '–']),
            el('td', { class: 'nowrap' }, [formatTime(c.expiresAt)]),
            el('td', { class: 'consent-status' }, [statusOf(c)]),
            el('td', {}, [revoke]),
          ],
        );
      }),
    );
  } catch (error) {
    const e = describeError(error, 'Your consents could not be loaded.');
    $('consent-message').textContent = `${e.text} (${e.code})`;
  }
}

/** @type {any} */
let revoking = null;
/** Asks before revoking, saying what will happen. @param {any} c */
function confirmRevoke(c) {
  revoking = c;
  const name = c.granteeName ?? c.grantee;
  const other =
    c.scope === 'read:vitals'
      ? 'Alerts you share separately stay visible to them.'
      : c.scope === 'read:alerts'
        ? 'Vital signs you share separately stay visible to them.'
        : '';
  $('revoke-text').textContent =
    `${name} will stop seeing ${SCOPE_WORDS[c.scope] ?? c.scope} within seconds, including any screen they have open. ${other} The revocation is recorded on the consortium chain; you can grant again later.`;
  $('revoke-title').textContent = `Revoke ${name}'s access to ${SCOPE_WORDS[c.scope] ?? c.scope}?`;
  /** @type {HTMLDialogElement} */ ($('revoke-dialog')).showModal();
}

/** Wires the grant form and the revocation dialog. */
export function initConsent() {
  $('revoke-cancel').addEventListener('click', () =>
    /** @type {HTMLDialogElement} */ ($('revoke-dialog')).close(),
  );
  $('revoke-confirm').addEventListener('click', async () => {
    /** @type {HTMLDialogElement} */ ($('revoke-dialog')).close();
    if (!revoking) return;
    $('consent-message').textContent = 'Revoking on the consortium chain…';
    try {
      await api(state.session, 'DELETE', `/v1/Consent/${encodeURIComponent(revoking.id)}`);
      $('consent-message').textContent = 'Consent revoked.';
      await loadConsents();
    } catch (error) {
      const e = describeError(error, 'The consent was NOT revoked.');
      $('consent-message').textContent = `${e.text} (${e.code})`;
    }
  });
  $('grant-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const grantee = /** @type {HTMLSelectElement} */ ($('grant-grantee')).value;
    const scope = /** @type {HTMLSelectElement} */ ($('grant-scope')).value;
    const days = Number(/** @type {HTMLInputElement} */ ($('grant-days')).value);
    const name = directory.find((e) => e.grantee === grantee)?.name ?? grantee;
    $('consent-message').textContent = 'Granting on the consortium chain…';
    try {
      await api(state.session, 'POST', '/v1/Consent', {
        grantee,
        scope,
        expiresAt: new Date(Date.now() + days * 86_400_000).toISOString(),
      });
      $('consent-message').textContent = `${name} may now see ${SCOPE_WORDS[scope]} for ${days} days.`;
      await loadConsents();
    } catch (error) {
      const e = describeError(error, 'Nothing was granted.');
      $('consent-message').textContent = `${e.text} (${e.code})`;
    }
  });
}
