import { fromBytes32Id, toBytes32Id } from '../identity/index.ts';
import { type ChainContext, readContract } from '../ledger/index.ts';
import type { PatientHomeEntry } from './types.ts';

export type GetPatientHomeReturnType = {
  patient: string;
  /** The current home, or null when none was ever set. */
  home: string | null;
  /** Every home, oldest first: which hospital held the patient's data, and from which block. */
  history: PatientHomeEntry[];
};

/** Reads the home hospital of patient pseudonym `patient` and the history of its homes. */
export async function getPatientHome(ctx: ChainContext, patient: string): Promise<GetPatientHomeReturnType> {
  const entries = await readContract(ctx, 'consortiumRegistry', 'homeHistory', [toBytes32Id(patient)]);
  const history = entries.map((e) => ({
    orgId: fromBytes32Id(e.orgId),
    since: Number(e.since),
    sinceBlock: e.sinceBlock,
  }));
  return { patient, home: history.at(-1)?.orgId ?? null, history };
}
