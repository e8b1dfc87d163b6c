import type { TransactionReceipt } from 'viem';
import { toBytes32Id } from '../identity/index.ts';
import { type ChainContext, writeContract } from '../ledger/index.ts';
import { checkReason } from './checkInput.ts';

/** `suspend` and `reinstate`: consortium admin; `depart` (final): consortium admin or the hospital's admin. */
export type HospitalAction = 'suspend' | 'reinstate' | 'depart';

export type SetHospitalStatusParameters = { orgId: string; action: HospitalAction; reason: string };

const FUNCTIONS = {
  suspend: 'suspendHospital',
  reinstate: 'reinstateHospital',
  depart: 'departHospital',
} as const;

/**
 * Suspends, reinstates or departs hospital `orgId`. Suspension and departure take `GATEWAY_ROLE` from
 * all its gateways in the same transaction (departure for good); what they anchored stays on chain.
 */
export async function setHospitalStatus(
  ctx: ChainContext,
  params: SetHospitalStatusParameters,
): Promise<TransactionReceipt> {
  return writeContract(ctx, 'consortiumRegistry', FUNCTIONS[params.action], [
    toBytes32Id(params.orgId),
    checkReason(params.reason),
  ]);
}
