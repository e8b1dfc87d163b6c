// @ts-check
import { api, describeError } from './api.js';
import { $, el } from './dom.js';
import { formatTime } from './format.js';
import { state } from './state.js';

/** The latest anchored batches with their chain transaction. */
export async function loadLedger() {
  try {
    const r = await api(state.session, 'GET', '/v1/ledger/batches?_count=20');
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
          el('td', { class: 'nowrap' }, [formatTime(b.createdAt)]),
        ]),
      ),
    );
  } catch (error) {
    const e = describeError(error, 'The ledger could not be loaded.');
    $('verify-result').hidden = false;
    $('verify-result').textContent = `${e.text} (${e.code})`;
  }
}

/** Wires "Verify store against the chain". */
export function initLedger() {
  $('verify-button').addEventListener('click', async () => {
    const out = $('verify-result');
    const button = /** @type {HTMLButtonElement} */ ($('verify-button'));
    button.disabled = true;
    out.hidden = false;
    out.textContent = 'Verifying every batch against the chain…';
    out.dataset.ok = '';
    try {
      const r = await api(state.session, 'POST', '/v1/ledger/verify', { mode: 'full' });
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
      const e = describeError(error, 'The store was not verified.');
      out.textContent = `${e.text} (${e.code})`;
    } finally {
      button.disabled = false;
    }
  });
}
