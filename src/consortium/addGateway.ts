import type { TransactionReceipt } from 'viem';
import { importPublicKeySec1, toBytes32Id } from '../identity/index.ts';
import { type ChainContext, writeContract } from '../ledger/index.ts';
import { checkAccount, checkEndpoint } from './checkInput.ts';
import { toHexBytes } from './hexBytes.ts';

export type AddGatewayParameters = {
  gatewayId: string;
  orgId: string;
  /** The chain account the gateway signs its transactions with. */
  account: string;
  /** Base URL of the gateway's public API, where other gateways send their requests. */
  endpoint: string;
  /** 65-byte SEC1 uncompressed P-256 public key of the gateway's request signatures. */
  requestKey: Uint8Array;
};

/**
 * Adds a gateway to an active hospital (consortium admin only) and grants it `GATEWAY_ROLE` on every
 * gated contract. The key is checked to be a point on P-256 first (the contract checks only its form).
 */
export async function addGateway(
  ctx: ChainContext,
  params: AddGatewayParameters,
): Promise<TransactionReceipt> {
  importPublicKeySec1(params.requestKey);
  return writeContract(ctx, 'consortiumRegistry', 'addGateway', [
    toBytes32Id(params.gatewayId),
    toBytes32Id(params.orgId),
    checkAccount(params.account),
    checkEndpoint(params.endpoint),
    toHexBytes(params.requestKey),
  ]);
}
