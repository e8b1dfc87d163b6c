import type { TransactionReceipt } from 'viem';
import { toBytes32Id } from '../identity/index.ts';
import { type ChainContext, writeContract } from '../ledger/index.ts';

/**
 * Records the first home hospital of patient pseudonym `patient` (by that hospital's gateway or admin,
 * or the consortium admin). A patient who has a home is moved with {@link transferPatient}.
 */
export async function setPatientHome(
  ctx: ChainContext,
  params: { patient: string; orgId: string },
): Promise<TransactionReceipt> {
  return writeContract(ctx, 'consortiumRegistry', 'setPatientHome', [
    toBytes32Id(params.patient),
    toBytes32Id(params.orgId),
  ]);
}
