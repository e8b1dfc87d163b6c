import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ClinicalDataError } from '../errors.ts';
import type { PhysionetRecord } from './types.ts';

export const STATIC_DESCRIPTORS = ['Age', 'Gender', 'Height', 'ICUType', 'Weight'] as const;

/** Reads a file as text, gunzipping it when its name ends in `.gz`. */
export function readMaybeGzip(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new ClinicalDataError(`cannot read ${path}`, { cause, details: { path } });
  }
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** Parses `HH:MM` (hours may exceed 24) into minutes; NaN when malformed. */
export function parseHhMm(text: string): number {
  const colon = text.indexOf(':');
  if (colon < 0) return Number.NaN;
  return Number(text.slice(0, colon)) * 60 + Number(text.slice(colon + 1));
}

/** Parses PhysioNet 2012 long-format text (`RecordID,Time,Parameter,Value`) into one record per stay. */
export function parsePhysionetLong(text: string): PhysionetRecord[] {
  const records = new Map<string, PhysionetRecord>();
  const lines = text.split('\n');
  const header = lines[0]?.trim();
  if (header !== 'RecordID,Time,Parameter,Value') {
    throw new ClinicalDataError(
      'not a PhysioNet 2012 long-format file (expected header RecordID,Time,Parameter,Value)',
    );
  }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    const parts = line.split(',');
    if (parts.length < 4)
      throw new ClinicalDataError(`malformed line ${i + 1}`, { details: { line: i + 1 } });
    const [id, time, parameter, valueText] = parts as [string, string, string, string];
    const value = Number(valueText);
    const minutes = parseHhMm(time);
    if (!Number.isFinite(value) || !Number.isFinite(minutes)) continue;
    let record = records.get(id);
    if (!record) {
      record = { recordId: id, descriptors: {}, series: {} };
      records.set(id, record);
    }
    if (parameter === 'RecordID' || parameter === '') continue;
    if (minutes === 0 && (STATIC_DESCRIPTORS as readonly string[]).includes(parameter)) {
      if (value !== -1) record.descriptors[parameter] = value;
      if (parameter !== 'Weight') continue;
      if (value === -1) continue;
    }
    const series = record.series[parameter] ?? { t: [], v: [] };
    record.series[parameter] = series;
    series.t.push(minutes);
    series.v.push(value);
  }
  for (const record of records.values()) {
    for (const series of Object.values(record.series)) sortSeries(series);
  }
  return [...records.values()];
}

function sortSeries(series: { t: number[]; v: number[] }): void {
  for (let i = 1; i < series.t.length; i++) {
    if (series.t[i]! < series.t[i - 1]!) {
      const order = series.t.map((_, k) => k).sort((a, b) => series.t[a]! - series.t[b]! || a - b);
      series.t = order.map((k) => series.t[k]!);
      series.v = order.map((k) => series.v[k]!);
      return;
    }
  }
}

/** Reads a PhysioNet 2012 long-format file (`.csv` or `.csv.gz`). */
export function readPhysionetLong(path: string): PhysionetRecord[] {
  return parsePhysionetLong(readMaybeGzip(path));
}
