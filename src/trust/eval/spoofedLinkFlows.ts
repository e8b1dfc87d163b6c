import { access } from 'node:fs/promises';
import {
  type AttackDetector,
  DEFAULT_WUSTL_PATH,
  type LabelledFlowRecord,
  loadWustlCsv,
} from '../../ml/index.ts';
import { FLOW_COLUMNS, VITAL_COLUMNS, type VitalColumn } from '../../ml/wustlColumns.ts';

/** Flow records for the "spoofed link" scenario: the WUSTL file's normal and attack rows, in file order. */
export type SpoofedLinkFlows = {
  detector: Pick<AttackDetector, 'model' | 'booster'>;
  normal: LabelledFlowRecord[];
  attack: LabelledFlowRecord[];
  /**
   * Which biometrics join a flow row: `device` (default) the device's latest signed vitals, as the live
   * `POST /v1/flows` path does; `file` the row's own WUSTL biometrics, as the detector was trained.
   */
  vitals?: 'device' | 'file';
  /** Index of the first attack row the spoofed link replays (default 0; wraps around). */
  attackStart?: number;
  /** Where the rows came from (for the report). */
  source: string;
};

/** The outcome of looking for the WUSTL file: rows, or why the scenario is skipped. */
export type LoadSpoofedLinkRowsReturnType =
  | { normal: LabelledFlowRecord[]; attack: LabelledFlowRecord[]; source: string }
  | { skipped: string };

/**
 * Reads the shared WUSTL-EHMS-2020 file at run time (never copied into the repository) and splits its rows
 * into normal and attack rows, each in file order; a missing file is a skip with its reason.
 */
export async function loadSpoofedLinkRows(path = DEFAULT_WUSTL_PATH): Promise<LoadSpoofedLinkRowsReturnType> {
  try {
    await access(path);
  } catch {
    return { skipped: `WUSTL-EHMS-2020 file not found at ${path}` };
  }
  const { rows } = await loadWustlCsv(path);
  return {
    normal: rows.filter((r) => r.label === 0),
    attack: rows.filter((r) => r.label === 1),
    source: path,
  };
}

/** The flow columns of a WUSTL row plus direction and flags: what a ward sensor would post. */
export function flowFeaturesOf(row: LabelledFlowRecord) {
  const out: Record<string, number | string> = { Dir: row.Dir, Flgs: row.Flgs };
  for (const c of FLOW_COLUMNS) out[c] = row[c];
  return out as { [K in (typeof FLOW_COLUMNS)[number]]: number } & { Dir: string; Flgs: string };
}

/** The biometric columns of a WUSTL row. */
export function fileVitalsOf(row: LabelledFlowRecord): Record<VitalColumn, number> {
  return Object.fromEntries(VITAL_COLUMNS.map((c) => [c, row[c]])) as Record<VitalColumn, number>;
}
