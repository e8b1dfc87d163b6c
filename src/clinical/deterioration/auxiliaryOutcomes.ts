import { ClinicalDataError } from '../errors.ts';
import { readMaybeGzip } from '../physionet/readPhysionetLong.ts';
import type { Outcomes } from '../physionet/types.ts';

/**
 * Auxiliary TRAINING label from a PhysioNet 2012 outcomes CSV: 1 when the patient died in hospital OR
 * `Survival` (days from ICU admission to death, −1 = not known to have died) is between 0 and `days`.
 * Only for training an auxiliary model; test labels stay `In-hospital_death`.
 */
export function parseAuxiliaryOutcomes(text: string, days: number): Outcomes {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  const header = (lines[0] ?? '').trim().split(',');
  const idIndex = header.indexOf('RecordID');
  const deathIndex = header.indexOf('In-hospital_death');
  const survivalIndex = header.indexOf('Survival');
  if (idIndex < 0 || deathIndex < 0 || survivalIndex < 0) {
    throw new ClinicalDataError('outcomes file needs RecordID, In-hospital_death and Survival columns');
  }
  const outcomes: Outcomes = new Map();
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.trim().split(',');
    const death = cells[deathIndex];
    const survival = Number(cells[survivalIndex]);
    if ((death !== '0' && death !== '1') || !Number.isFinite(survival)) {
      throw new ClinicalDataError(`bad In-hospital_death or Survival on line ${i + 1}`, {
        details: { line: i + 1 },
      });
    }
    outcomes.set(cells[idIndex]!, death === '1' || (survival >= 0 && survival <= days) ? 1 : 0);
  }
  return outcomes;
}

/** Default horizon of the auxiliary training label (set a priori: 30-day mortality). */
export const DEFAULT_AUX_SURVIVAL_DAYS = 30;

/** How a model file describes the auxiliary label of `parseAuxiliaryOutcomes(…, days)`. */
export function auxiliaryLabel(days: number): string {
  return `In-hospital_death = 1 or 0 <= Survival <= ${days} days (training labels only)`;
}

export function readAuxiliaryOutcomes(path: string, days: number): Outcomes {
  return parseAuxiliaryOutcomes(readMaybeGzip(path), days);
}
