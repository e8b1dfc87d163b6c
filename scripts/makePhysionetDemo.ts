// Regenerates data/physionet-demo/vitals.csv from the PhysioNet 2012 set-a file in ../shared/data.
// Run: npx tsx scripts/makePhysionetDemo.ts [--stays 20] [--source ../shared/data/physionet-2012/set-a-dev.csv.gz]
// Deterministic: the same source always yields the same file.
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { VITALS } from '../src/ingest/vitals.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    stays: { type: 'string', default: '20' },
    source: { type: 'string', default: resolve(repo, '../shared/data/physionet-2012/set-a-dev.csv.gz') },
    out: { type: 'string', default: resolve(repo, 'data/physionet-demo/vitals.csv') },
  },
});

const COLUMNS = ['HR', 'RespRate', 'SaO2', 'Temp', 'SysABP', 'DiasABP'] as const;
type Column = (typeof COLUMNS)[number];
const RANGES: Record<Column, { min: number; max: number }> = {
  HR: VITALS.heartRate,
  RespRate: VITALS.respiratoryRate,
  SaO2: VITALS.spo2,
  Temp: VITALS.bodyTemperature,
  SysABP: VITALS.bloodPressure.components.systolic,
  DiasABP: VITALS.bloodPressure.components.diastolic,
};
// Invasive arterial pressure when present (denser), otherwise the non-invasive cuff.
const SOURCE: Record<string, { column: Column; invasive?: boolean }> = {
  HR: { column: 'HR' },
  RespRate: { column: 'RespRate' },
  SaO2: { column: 'SaO2' },
  Temp: { column: 'Temp' },
  SysABP: { column: 'SysABP', invasive: true },
  DiasABP: { column: 'DiasABP', invasive: true },
  NISysABP: { column: 'SysABP', invasive: false },
  NIDiasABP: { column: 'DiasABP', invasive: false },
};

type Row = Partial<Record<Column, number>> & { invasive: Partial<Record<'SysABP' | 'DiasABP', number>> };
const stays = new Map<string, Map<number, Row>>();

const lines = createInterface({
  input: createReadStream(args.source).pipe(createGunzip()),
  crlfDelay: Infinity,
});
for await (const line of lines) {
  const [id, time, parameter, raw] = line.split(',');
  const src = SOURCE[parameter ?? ''];
  if (!src || !id || !time || raw === undefined) continue;
  const [h, m] = time.split(':').map(Number) as [number, number];
  const minute = h * 60 + m;
  let stay = stays.get(id);
  if (!stay) {
    stay = new Map();
    stays.set(id, stay);
  }
  let row = stay.get(minute);
  if (!row) {
    row = { invasive: {} };
    stay.set(minute, row);
  }
  const value = Number(raw);
  if (src.invasive === true) row.invasive[src.column as 'SysABP' | 'DiasABP'] = value;
  else row[src.column] = value;
}

const inRange = (c: Column, v: number | undefined) =>
  v !== undefined && v >= RANGES[c].min && v <= RANGES[c].max;
const output: string[] = [`stay,minute,${COLUMNS.join(',')}`];
let chosen = 0;
for (const id of [...stays.keys()].sort()) {
  if (chosen >= Number(args.stays)) break;
  const rows: [number, Partial<Record<Column, number>>][] = [];
  for (const [minute, row] of [...stays.get(id)!.entries()].sort((a, b) => a[0] - b[0])) {
    const clean: Partial<Record<Column, number>> = {};
    for (const c of ['HR', 'RespRate', 'SaO2', 'Temp'] as const) if (inRange(c, row[c])) clean[c] = row[c];
    // A BP pair is kept only whole and plausible (diastolic below systolic), invasive first.
    for (const pair of [row.invasive, row]) {
      const s = pair.SysABP;
      const d = pair.DiasABP;
      if (inRange('SysABP', s) && inRange('DiasABP', d) && d! < s!) {
        clean.SysABP = s;
        clean.DiasABP = d;
        break;
      }
    }
    if (Object.keys(clean).length > 0) rows.push([minute, clean]);
  }
  const count = (c: Column) => rows.filter(([, r]) => r[c] !== undefined).length;
  // Demo stays must carry every vital a simulated bedside would emit.
  if (
    count('HR') < 24 ||
    count('RespRate') < 12 ||
    count('SaO2') < 3 ||
    count('Temp') < 6 ||
    count('SysABP') < 12
  ) {
    continue;
  }
  chosen++;
  for (const [minute, r] of rows) output.push(`${id},${minute},${COLUMNS.map((c) => r[c] ?? '').join(',')}`);
}

await mkdir(dirname(args.out), { recursive: true });
await writeFile(args.out, `${output.join('\n')}\n`);
process.stdout.write(`wrote ${args.out}: ${chosen} stays, ${output.length - 1} rows\n`);
