import type { TransactionReceipt } from 'viem';
import { toBytes32Id } from '../identity/index.ts';
import { type ChainContext, writeContract } from '../ledger/index.ts';
import { checkEndpoint } from './checkInput.ts';

/** Moves gateway `gatewayId` to a new public API endpoint (the gateway itself, its hospital's admin, or the consortium admin). */
export async function setGatewayEndpoint(
  ctx: ChainContext,
  params: { gatewayId: string; endpoint: string },
): Promise<TransactionReceipt> {
  return writeContract(ctx, 'consortiumRegistry', 'setGatewayEndpoint', [
    toBytes32Id(params.gatewayId),
    checkEndpoint(params.endpoint),
  ]);
}
