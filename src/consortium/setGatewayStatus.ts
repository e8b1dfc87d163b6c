import type { TransactionReceipt } from 'viem';
import { toBytes32Id } from '../identity/index.ts';
import { type ChainContext, writeContract } from '../ledger/index.ts';
import { checkReason } from './checkInput.ts';

/**
 * `suspend` and `depart` (final): consortium admin or an admin of the gateway's hospital;
 * `reinstate`: consortium admin only.
 */
export type GatewayAction = 'suspend' | 'reinstate' | 'depart';

export type SetGatewayStatusParameters = { gatewayId: string; action: GatewayAction; reason: string };

const FUNCTIONS = {
  suspend: 'suspendGateway',
  reinstate: 'reinstateGateway',
  depart: 'departGateway',
} as const;

/**
 * Suspends, reinstates or departs gateway `gatewayId`: suspension and departure revoke its
 * `GATEWAY_ROLE` on every gated contract in the same transaction; reinstatement grants it again.
 */
export async function setGatewayStatus(
  ctx: ChainContext,
  params: SetGatewayStatusParameters,
): Promise<TransactionReceipt> {
  return writeContract(ctx, 'consortiumRegistry', FUNCTIONS[params.action], [
    toBytes32Id(params.gatewayId),
    checkReason(params.reason),
  ]);
}
