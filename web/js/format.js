// @ts-check
/** One time format everywhere: date, 24-hour time and time zone (2026-11-24 14:03:05 UTC). */
const PARTS = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** @param {number | string | Date} t @returns {string} */
export function formatTime(t) {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return '–';
  /** @type {Record<string, string>} */
  const p = {};
  for (const { type, value } of PARTS.formatToParts(d)) p[type] = value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
}

/** A duration in words a nurse reads at a glance: "8 s", "3 min", "2 h 05 min", "3 d". @param {number} ms */
export function formatDuration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.round(h / 24)} d`;
}

/** Vitals shown per patient: key in the live state, label, unit, decimals, chart range. */
export const VITALS = [
  { key: 'heartRate', label: 'Heart rate', unit: '/min', digits: 0, lo: 30, hi: 180 },
  { key: 'pulseRate', label: 'Pulse (oximeter)', unit: '/min', digits: 0, lo: 30, hi: 180 },
  { key: 'respiratoryRate', label: 'Resp. rate', unit: '/min', digits: 0, lo: 4, hi: 40 },
  { key: 'spo2', label: 'SpO₂', unit: '%', digits: 0, lo: 80, hi: 100 },
  { key: 'systolic', label: 'Blood pressure', unit: 'mmHg', digits: 0, lo: 60, hi: 200 },
  { key: 'temperature', label: 'Temperature', unit: '°C', digits: 1, lo: 34, hi: 41 },
];

/** @type {Record<string, string>} */
export const VITAL_NAMES = {
  heartRate: 'heart rate',
  pulseRate: 'oximeter pulse',
  respiratoryRate: 'respiratory rate',
  spo2: 'SpO₂',
  temperature: 'temperature',
  systolic: 'systolic blood pressure',
  diastolic: 'diastolic blood pressure',
  respirationRate: 'respiratory rate',
  pulse: 'pulse',
  airOrOxygen: 'air or oxygen',
  consciousness: 'consciousness (ACVPU)',
};

/** The NEWS2 band in words, and how it stands out without colour (shape + word). */
export const BANDS = {
  high: { rank: 4, label: 'HIGH', mark: '▲▲' },
  medium: { rank: 3, label: 'MEDIUM', mark: '▲' },
  'low-medium': { rank: 2, label: 'LOW-MEDIUM (a 3 in one parameter)', mark: '△' },
  low: { rank: 1, label: 'LOW', mark: '○' },
};

/** @param {string | undefined} band */
export const bandOf = (band) => BANDS[/** @type {keyof typeof BANDS} */ (band ?? '')] ?? null;

/** Priority in words with a shape, never colour alone. @param {string} p */
export const priorityLabel = (p) => (p === 'high' ? '▲▲ HIGH' : p === 'medium' ? '▲ MEDIUM' : '○ LOW');

/** A time as two unbreakable parts (date, then time and zone) that may wrap between them in a table. @param {number | string} t */
export function timeNode(t) {
  const text = formatTime(t);
  const cut = text.indexOf(' ');
  const span = document.createElement('span');
  const date = document.createElement('span');
  const rest = document.createElement('span');
  date.className = 'nowrap';
  rest.className = 'nowrap';
  date.textContent = text.slice(0, cut);
  rest.textContent = text.slice(cut + 1);
  span.append(date, ' ', rest);
  return span;
}

/** Vital identifiers in server texts (anomaly messages) as words. @param {string} text */
export const inWords = (text) =>
  text.replace(
    /\b(heartRate|pulseRate|respiratoryRate|spo2|systolic|diastolic|temperature)\b/g,
    (k) => VITAL_NAMES[k] ?? k,
  );
