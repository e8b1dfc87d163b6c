import { ClinicalDataError } from '../errors.ts';
import { readMaybeGzip } from './readPhysionetLong.ts';
import type { Outcomes } from './types.ts';

/** Parses a PhysioNet 2012 outcomes CSV (needs `RecordID` and `In-hospital_death` columns). */
export function parseOutcomes(text: string): Outcomes {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  const header = (lines[0] ?? '').trim().split(',');
  const idIndex = header.indexOf('RecordID');
  const deathIndex = header.indexOf('In-hospital_death');
  if (idIndex < 0 || deathIndex < 0) {
    throw new ClinicalDataError('outcomes file needs RecordID and In-hospital_death columns');
  }
  const outcomes: Outcomes = new Map();
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.trim().split(',');
    const death = cells[deathIndex];
    if (death !== '0' && death !== '1') {
      throw new ClinicalDataError(`bad In-hospital_death on line ${i + 1}`, { details: { line: i + 1 } });
    }
    outcomes.set(cells[idIndex]!, death === '1' ? 1 : 0);
  }
  return outcomes;
}

/** Reads a PhysioNet 2012 outcomes file. */
export function readOutcomes(path: string): Outcomes {
  return parseOutcomes(readMaybeGzip(path));
}
