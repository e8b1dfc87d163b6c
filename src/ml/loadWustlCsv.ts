import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from './errors.ts';
import {
  ATTACK_CATEGORIES,
  type AttackCategory,
  CATEGORY_COLUMN,
  LABEL_COLUMN,
  type LabelledFlowRecord,
  NUMERIC_COLUMNS,
  TEXT_COLUMNS,
} from './wustlColumns.ts';

export type LoadWustlCsvReturnType = {
  /** Rows in file (time) order. */
  rows: LabelledFlowRecord[];
  /** The header as found in the file. */
  columns: string[];
};

/** Reads a WUSTL-EHMS-2020 CSV or CSV.GZ file (gzip detected by its magic bytes) and validates its layout. */
export async function loadWustlCsv(path: string): Promise<LoadWustlCsvReturnType> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new DatasetError(`cannot read data file ${path}`, { cause, details: { path } });
  }
  let text: string;
  try {
    text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (cause) {
    throw new DatasetError(`data file ${path} is not valid gzip`, { cause, details: { path } });
  }
  return parseWustlCsv(text, path);
}

/** Parses WUSTL-EHMS-2020 CSV text; `source` names the input in error messages. */
export function parseWustlCsv(text: string, source = 'input'): LoadWustlCsvReturnType {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((c) => c.trim());
  const required = [...NUMERIC_COLUMNS, ...TEXT_COLUMNS, CATEGORY_COLUMN];
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new DatasetError(
      `${source} is not a WUSTL-EHMS-2020 file: missing column(s) ${missing.join(', ')}`,
      {
        details: { source, missing },
      },
    );
  }
  const index = (c: string) => header.indexOf(c);
  const numericIdx = NUMERIC_COLUMNS.map(index);
  const dirIdx = index('Dir');
  const flgsIdx = index('Flgs');
  const catIdx = index(CATEGORY_COLUMN);
  const labelIdx = index(LABEL_COLUMN);
  const rows: LabelledFlowRecord[] = [];
  for (let li = 1; li < lines.length; li++) {
    const line = lines[li]!;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    if (cells.length !== header.length) {
      throw new DatasetError(
        `${source} line ${li + 1}: expected ${header.length} fields, got ${cells.length}`,
        {
          details: { source, line: li + 1 },
        },
      );
    }
    const record: Record<string, unknown> = { Dir: cells[dirIdx]!.trim(), Flgs: cells[flgsIdx]!.trim() };
    for (let k = 0; k < NUMERIC_COLUMNS.length; k++) {
      const raw = cells[numericIdx[k]!]!.trim();
      const value = Number(raw);
      // The message names the column only: the value may be a patient's vital sign.
      if (raw === '' || !Number.isFinite(value)) {
        throw new DatasetError(`${source} line ${li + 1}: column ${NUMERIC_COLUMNS[k]} is not a number`, {
          details: { source, line: li + 1, column: NUMERIC_COLUMNS[k] },
        });
      }
      record[NUMERIC_COLUMNS[k]!] = value;
    }
    const category = cells[catIdx]!.trim() as AttackCategory;
    if (!ATTACK_CATEGORIES.includes(category)) {
      throw new DatasetError(`${source} line ${li + 1}: unknown attack category`, {
        details: { source, line: li + 1, allowed: ATTACK_CATEGORIES },
      });
    }
    record.category = category;
    record.label = category === 'normal' ? 0 : 1;
    if (labelIdx >= 0 && Number(cells[labelIdx]) !== record.label) {
      throw new DatasetError(`${source} line ${li + 1}: Label disagrees with Attack Category`, {
        details: { source, line: li + 1 },
      });
    }
    rows.push(record as LabelledFlowRecord);
  }
  if (rows.length === 0) throw new DatasetError(`${source} holds no data rows`, { details: { source } });
  return { rows, columns: header };
}
