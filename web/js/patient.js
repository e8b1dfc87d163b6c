// @ts-check
import { api, describeError } from './api.js';
import { $, el } from './dom.js';
import { drawFlowsheet } from './flowsheet.js';
import { bandOf, formatDuration, formatTime, VITAL_NAMES } from './format.js';
import { onChange, serverNow, state } from './state.js';

/** @type {string | null} */
let current = null;
/** @type {any[]} */
let devices = [];

const PARAMS = [
  'respirationRate',
  'spo2',
  'airOrOxygen',
  'systolic',
  'pulse',
  'consciousness',
  'temperature',
];

/** Opens the detail of a patient: NEWS2 with what it rests on, entries, risk, devices, flowsheet. @param {string} patient */
export async function showPatient(patient) {
  current = patient;
  $('patient-title').textContent = `Patient ${patient}`;
  $('entry-message').textContent = '';
  $('entries').hidden = state.session?.role !== 'clinician';
  renderNews2();
  await Promise.all([loadFlowsheet(), loadDevices()]);
}

async function loadDevices() {
  if (state.session?.role === 'patient') return;
  try {
    devices = (await api(state.session, 'GET', '/v1/trust')).devices.filter(
      (/** @type {any} */ d) => d.patient === current,
    );
  } catch {
    devices = [];
  }
  renderNews2();
}

/** NEWS2 sub-scores with value, device (and its trust) and time; assumptions; risk with horizon. */
function renderNews2() {
  if (!current) return;
  const entry = state.patients.get(current);
  const s = entry?.state;
  const n = s?.news2;
  const b = bandOf(n?.band);
  $('patient-band').dataset.band = n?.band ?? 'none';
  $('patient-band').textContent = b
    ? `${b.mark} ${b.label} · NEWS2 ${n.total} (at ${formatTime(n.at)})`
    : 'No live NEWS2: no trusted readings';
  const trustOf = (/** @type {string} */ id) => devices.find((d) => d.deviceId === id);
  $('news2-body').replaceChildren(
    ...PARAMS.map((p) => {
      const input = n?.inputs?.[p];
      const score = n?.scores?.[p];
      const d = input ? trustOf(input.deviceId) : undefined;
      const excluded = (s?.excluded ?? []).find(
        (/** @type {any} */ x) => x.vital === p || (p === 'pulse' && x.vital === 'heartRate'),
      );
      const source = input
        ? `${d ? `${d.kind}, trust ${d.score?.toFixed(2) ?? '–'}: ` : ''}${input.deviceId}`
        : p === 'consciousness' || p === 'airOrOxygen'
          ? 'clinician entry or assumption (below)'
          : excluded
            ? `not scored: ${excluded.reason}`
            : 'no trusted reading';
      const entered = entryValue(p, s?.entries ?? {}, n);
      return el('tr', { 'data-param': p }, [
        el('th', { scope: 'row' }, [VITAL_NAMES[p] ?? p]),
        el('td', {}, [input ? String(Math.round(input.value * 10) / 10) : (entered ?? '–')]),
        el('td', {}, [score === undefined ? 'missing' : String(score)]),
        el('td', {}, [source]),
        el('td', { class: 'nowrap' }, [
          input ? `${formatTime(input.time)} (${formatDuration(serverNow() - input.time)} ago)` : '–',
        ]),
      ]);
    }),
  );
  $('news2-assumptions').replaceChildren(...assumptions(s?.entries ?? {}, n).map((a) => el('li', {}, [a])));
  $('patient-risk').textContent = s?.risk
    ? `Deterioration risk ${Math.round(s.risk.probability * 100)} % (alert at ${Math.round(s.risk.threshold * 100)} %), computed ${formatTime(s.risk.at)}. Predicts ${s.risk.horizon}. Model sha256 ${String(s.risk.model).slice(0, 12)}…`
    : 'No risk score yet (needs trusted readings; recomputed at most every 5 min).';
  $('patient-devices').replaceChildren(
    ...devices.map((d) =>
      el('li', {}, [
        `${d.deviceId} (${d.kind}): ${d.quarantined ? 'QUARANTINED' : d.uncertainty > 0.5 ? 'new, little evidence yet' : 'trusted'}, trust ${d.score?.toFixed(2) ?? '–'}, last seen ${d.lastSeen ? formatTime(d.lastSeen) : 'never'}${d.offline ? ' (OFFLINE)' : ''}`,
      ]),
    ),
  );
}

/** Whether NEWS2 used the clinician's entry of a kind (the gateway decides; its assumptions say so). @param {any} n @param {number} i */
const used = (n, i) => !/not recorded|^SpO2 scale \d$/.test(n?.assumptions?.[i] ?? 'not recorded');

/** The value NEWS2 used for consciousness or air/oxygen: the clinician's entry, or the assumption. @param {string} p @param {any} e @param {any} n */
function entryValue(p, e, n) {
  if (!n) return undefined;
  if (p === 'consciousness') return used(n, 0) && e.consciousness ? e.consciousness.acvpu : 'A (assumed)';
  if (p === 'airOrOxygen')
    return used(n, 1) && e.oxygen ? (e.oxygen.onOxygen ? 'oxygen' : 'air') : 'air (assumed)';
  return undefined;
}

/** What NEWS2 assumed, in the screen's time format. @param {any} e @param {any} n @returns {string[]} */
function assumptions(e, n) {
  if (!n) return [];
  const fresh = (/** @type {any} */ x, /** @type {number} */ i) => x && used(n, i);
  const by = (/** @type {any} */ x) => `recorded by ${x.enteredBy} at ${formatTime(x.enteredAt)}`;
  const old = (/** @type {any} */ x) =>
    x ? ` (the last entry, ${formatTime(x.enteredAt)}, is too old to use)` : '';
  return [
    fresh(e.consciousness, 0)
      ? `consciousness ${e.consciousness.acvpu} ${by(e.consciousness)}`
      : `consciousness not recorded: assumed Alert${old(e.consciousness)}`,
    fresh(e.oxygen, 1)
      ? `${e.oxygen.onOxygen ? `on supplemental oxygen${e.oxygen.flowLpm ? ` ${e.oxygen.flowLpm} L/min` : ''}` : 'on air'} ${by(e.oxygen)}`
      : `oxygen not recorded: assumed air${old(e.oxygen)}`,
    fresh(e.spo2Scale, 2)
      ? `SpO₂ scale ${e.spo2Scale.scale} set by ${e.spo2Scale.enteredBy} at ${formatTime(e.spo2Scale.enteredAt)}`
      : `SpO₂ scale ${n.scale ?? 1}`,
  ];
}

/** Loads the stored history (survives a reload: it comes from the gateway's store, not the browser). */
async function loadFlowsheet() {
  if (!current) return;
  const hours = Number(/** @type {HTMLSelectElement} */ ($('flowsheet-hours')).value);
  $('flowsheet-status').textContent = 'Loading the stored history…';
  try {
    const sheet = await api(
      state.session,
      'GET',
      `/v1/Patient/${encodeURIComponent(current)}/$flowsheet?hours=${hours}`,
    );
    await drawFlowsheet($('flowsheet'), sheet);
    const points = Object.values(sheet.series).reduce((n, s) => n + /** @type {any} */ (s).t.length, 0);
    $('flowsheet-status').textContent =
      `${sheet.readings} stored readings from ${formatTime(sheet.from)} to ${formatTime(sheet.to)}${sheet.downsampled ? ' (each time slice reduced to its lowest and highest value)' : ''}${sheet.truncated ? '; only the first readings of the window are shown' : ''}.`;
    $('flowsheet').dataset.points = String(points);
    $('entry-history').replaceChildren(
      ...sheet.entries.map((/** @type {any} */ e) =>
        el('li', {}, [`${formatTime(e.enteredAt)} · ${entryText(e)} · recorded by ${e.enteredBy}`]),
      ),
    );
  } catch (error) {
    const e = describeError(error, 'The history could not be loaded.');
    $('flowsheet-status').textContent = `${e.text} (${e.code})`;
  }
}

/** @param {any} e */
const entryText = (e) =>
  e.kind === 'consciousness'
    ? `consciousness ${e.acvpu}`
    : e.kind === 'oxygen'
      ? e.onOxygen
        ? `supplemental oxygen${e.flowLpm ? ` ${e.flowLpm} L/min` : ''}`
        : 'on air'
      : `SpO₂ scale ${e.scale}`;

/** @param {any} body */
async function record(body) {
  if (!current) return;
  try {
    const e = await api(
      state.session,
      'POST',
      `/v1/Patient/${encodeURIComponent(current)}/$clinical-entry`,
      body,
    );
    $('entry-message').textContent =
      `Recorded: ${entryText(e)} at ${formatTime(e.enteredAt)}. NEWS2 uses it now.`;
    await loadFlowsheet();
  } catch (error) {
    const e = describeError(error, 'Not recorded.');
    $('entry-message').textContent = `${e.text} (${e.code})`;
  }
}

/** Wires the entry forms and the history controls. */
export function initPatient() {
  $('acvpu-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void record({ kind: 'consciousness', acvpu: /** @type {HTMLSelectElement} */ ($('acvpu')).value });
  });
  $('oxygen-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const on = /** @type {HTMLSelectElement} */ ($('oxygen')).value === 'oxygen';
    const flow = Number(/** @type {HTMLInputElement} */ ($('oxygen-flow')).value);
    void record({ kind: 'oxygen', onOxygen: on, ...(on && flow > 0 ? { flowLpm: flow } : {}) });
  });
  $('scale-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void record({ kind: 'spo2-scale', scale: Number(/** @type {HTMLSelectElement} */ ($('scale')).value) });
  });
  $('flowsheet-hours').addEventListener('change', () => void loadFlowsheet());
  $('flowsheet-reload').addEventListener('click', () => void loadFlowsheet());
  onChange((what) => {
    if (!$('screen-patient').hidden && (what === 'vitals' || what === 'snapshot' || what === 'tick'))
      renderNews2();
  });
}
