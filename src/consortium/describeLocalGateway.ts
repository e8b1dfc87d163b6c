import type { Address } from 'viem';
import { type ChainContext, loadOrCreateGatewayRequestKey, readGatewayRequestKey } from '../ledger/index.ts';
import { getGateway } from './getGateway.ts';
import { fromHexBytes, toHexBytes } from './hexBytes.ts';
import { ownGatewayId } from './ownGatewayId.ts';
import type { ConsortiumGateway } from './types.ts';

export type DescribeLocalGatewayReturnType = {
  /** This data directory's chain account (what the consortium admin registers as the gateway's account). */
  account: Address;
  /** The request-signing public key kept in this data directory (null when there is none). */
  requestKey: Uint8Array | null;
  /** Its private key file (mode 0600); never printed. */
  keyFile: string | null;
  /** The gateway the chain records for this account, if any. */
  gateway: ConsortiumGateway | null;
  /** Whether the chain's key for that gateway is the one kept here (null when either is missing). */
  keyMatchesChain: boolean | null;
};

/**
 * What this data directory is in the consortium: its account, its request-signing key (generated with
 * mode 0600 when `generateKey` is set and none exists) and the gateway the chain records for it. A
 * hospital hands the account and public key to the consortium admin, who adds the gateway.
 */
export async function describeLocalGateway(
  ctx: ChainContext,
  options: { generateKey?: boolean } = {},
): Promise<DescribeLocalGatewayReturnType> {
  const dir = ctx.ledger.chainDir;
  const key = options.generateKey ? loadOrCreateGatewayRequestKey(dir) : readGatewayRequestKey(dir);
  const own = await ownGatewayId(ctx);
  const gateway = own ? await getGateway(ctx, own) : null;
  return {
    account: ctx.ledger.account.address,
    requestKey: key ? fromHexBytes(key.publicKey) : null,
    keyFile: key?.file ?? null,
    gateway,
    keyMatchesChain: key && gateway ? toHexBytes(gateway.requestKey) === key.publicKey : null,
  };
}
