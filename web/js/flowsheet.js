// @ts-check
import uPlot from '/vendor/uplot/uPlot.esm.js';
import { el } from './dom.js';
import { formatTime } from './format.js';

/** The flowsheet's charts: which vitals share a chart, their unit and line colours (with dash patterns). */
const CHARTS = [
  {
    title: 'Heart rate and oximeter pulse',
    unit: '/min',
    vitals: [
      ['heartRate', 'heart rate', '#0b5cad', []],
      ['pulseRate', 'oximeter pulse', '#6b3fa0', [6, 3]],
    ],
  },
  {
    title: 'Respiratory rate',
    unit: '/min',
    vitals: [['respiratoryRate', 'respiratory rate', '#0b5cad', []]],
  },
  { title: 'SpO₂', unit: '%', vitals: [['spo2', 'SpO₂', '#0b5cad', []]] },
  {
    title: 'Blood pressure',
    unit: 'mmHg',
    vitals: [
      ['systolic', 'systolic', '#0b5cad', []],
      ['diastolic', 'diastolic', '#6b3fa0', [6, 3]],
    ],
  },
  { title: 'Temperature', unit: '°C', vitals: [['temperature', 'temperature', '#0b5cad', []]] },
];

/** @type {any[]} */
let plots = [];

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
const ZONE =
  new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName')?.value ?? '';

/** Time axis labels in 24-hour time (seconds when the ticks are closer than a minute), the date under the first. */
const timeLabels = (/** @type {any} */ _u, /** @type {number[]} */ ticks) =>
  ticks.map((t, i) => {
    const d = new Date(t * 1000);
    const fine = ticks.length > 1 && /** @type {number} */ (ticks[1]) - /** @type {number} */ (ticks[0]) < 60;
    const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}${fine ? `:${pad(d.getSeconds())}` : ''}`;
    return i === 0 ? `${hm}\n${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : hm;
  });

/**
 * Draws the flowsheet: one chart per group of vitals on a real time axis (local time zone), readings of
 * quarantined devices as separate grey points, each chart described in words and as a table.
 * @param {HTMLElement} container @param {any} sheet the `$flowsheet` answer
 */
export async function drawFlowsheet(container, sheet) {
  for (const p of plots) p.destroy();
  plots = [];
  const width = Math.max(280, Math.min(container.clientWidth || 900, 1300) - 8);
  // The window asked for, starting at the first stored reading when the history is shorter than it.
  const first = Math.min(...Object.values(sheet.series).map((/** @type {any} */ s) => s.t[0]));
  const start = Number.isFinite(first) ? Math.max(sheet.from, first - 0.05 * (sheet.to - first)) : sheet.from;
  const figures = [];
  for (const chart of CHARTS) {
    const present = chart.vitals.filter(([key]) => sheet.series[/** @type {string} */ (key)]);
    const times = new Set();
    for (const [key] of present) for (const t of sheet.series[/** @type {string} */ (key)].t) times.add(t);
    const xs = [...times].sort((a, b) => a - b);
    const at = new Map(xs.map((t, i) => [t, i]));
    /** @type {(number | null)[][]} */
    const data = [xs.map((t) => t / 1000)];
    /** @type {any[]} */
    const series = [{}];
    const summary = [];
    /** @type {number[]} */
    const all = [];
    for (const [key, label, colour, dash] of present) {
      const s = sheet.series[/** @type {string} */ (key)];
      const trusted = xs.map(() => /** @type {number | null} */ (null));
      const flagged = xs.map(() => /** @type {number | null} */ (null));
      s.t.forEach((/** @type {number} */ t, /** @type {number} */ i) => {
        (s.q[i] ? flagged : trusted)[/** @type {number} */ (at.get(t))] = s.v[i];
      });
      data.push(trusted, flagged);
      series.push(
        {
          label: `${label} (${chart.unit})`,
          stroke: colour,
          dash,
          width: 1.5,
          spanGaps: true,
          points: { size: 5 },
        },
        {
          label: `${label}, quarantined device`,
          stroke: '#7b8794',
          width: 0,
          points: { show: true, size: 5, fill: '#7b8794' },
        },
      );
      const vs = /** @type {number[]} */ (s.v);
      all.push(...vs);
      summary.push(
        `${label}: ${vs.length} readings, lowest ${Math.min(...vs)}, highest ${Math.max(...vs)}, latest ${vs.at(-1)} at ${formatTime(s.t.at(-1))}`,
      );
    }
    const body = el('div', { class: 'plot' });
    const description = present.length
      ? `${chart.title} (${chart.unit}). ${summary.join('. ')}.`
      : `${chart.title}: no readings in this window.`;
    const figure = el('figure', { class: 'chart', 'data-chart': chart.title }, [
      el('figcaption', {}, [chart.title, el('span', { class: 'small muted' }, [` (${chart.unit})`])]),
      el('div', { role: 'img', 'aria-label': description }, [body]),
      present.length
        ? table(present, sheet)
        : el('p', { class: 'muted small' }, ['No readings in this window.']),
    ]);
    figures.push(figure);
    if (present.length) {
      plots.push(
        new uPlot(
          {
            width,
            height: 170,
            series,
            // The same real time window on every chart, whatever the readings in it.
            scales: {
              x: { time: true, range: () => [start / 1000, sheet.to / 1000] },
              y: { range: () => yRange(all) },
            },
            axes: [
              { values: timeLabels, label: `time (${ZONE})`, size: 56 },
              { label: chart.unit, size: 50 },
            ],
            legend: { live: false },
          },
          /** @type {any} */ (data),
          body,
        ),
      );
    }
  }
  container.replaceChildren(...figures);
}

/** A y range around the values (10 % margin, at least 1 unit). @param {number[]} vs @returns {[number, number]} */
function yRange(vs) {
  const lo = Math.min(...vs);
  const hi = Math.max(...vs);
  const m = Math.max(1, (hi - lo) * 0.1);
  return [Math.floor(lo - m), Math.ceil(hi + m)];
}

/** The latest readings of a chart's vitals as a table (for screen readers and exact values). @param {any[]} present @param {any} sheet */
function table(present, sheet) {
  const rows = [];
  for (const [key, label] of present) {
    const s = sheet.series[key];
    for (let i = Math.max(0, s.t.length - 10); i < s.t.length; i++) {
      rows.push(
        el('tr', {}, [
          el('td', { class: 'nowrap' }, [formatTime(s.t[i])]),
          el('td', {}, [label]),
          el('td', {}, [String(s.v[i])]),
          el('td', {}, [`${sheet.devices[s.d[i]]}${s.q[i] ? ' (QUARANTINED)' : ''}`]),
        ]),
      );
    }
  }
  rows.sort((a, b) => ((a.firstChild?.textContent ?? '') < (b.firstChild?.textContent ?? '') ? 1 : -1));
  return el('details', {}, [
    el('summary', {}, ['Latest readings as a table']),
    el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Latest readings' }, [
      el('table', { class: 'table' }, [
        el('thead', {}, [
          el(
            'tr',
            {},
            ['Time', 'Vital', 'Value', 'Device'].map((h) => el('th', { scope: 'col' }, [h])),
          ),
        ]),
        el('tbody', {}, rows),
      ]),
    ]),
  ]);
}
