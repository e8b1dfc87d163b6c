import type { TransactionReceipt } from 'viem';
import { toBytes32Id } from '../identity/index.ts';
import { type ChainContext, writeContract } from '../ledger/index.ts';

export type TransferPatientParameters = {
  patient: string;
  /** The receiving hospital (an active member). */
  toOrgId: string;
  /** Devices attached to the patient at the current home that move with them (id, key and trust kept). */
  deviceIds?: readonly string[];
};

/**
 * Transfers patient `patient` to another hospital (by the current home's gateway or admin, or the
 * consortium admin), moving the listed devices with them in the same transaction. The old home stays in
 * the patient's home history, so what it anchored remains attributable and verifiable.
 */
export async function transferPatient(
  ctx: ChainContext,
  params: TransferPatientParameters,
): Promise<TransactionReceipt> {
  return writeContract(ctx, 'consortiumRegistry', 'transferPatient', [
    toBytes32Id(params.patient),
    toBytes32Id(params.toOrgId),
    (params.deviceIds ?? []).map((d) => toBytes32Id(d)),
  ]);
}
