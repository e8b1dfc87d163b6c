import { fromBytes32Id } from '../identity/index.ts';
import { type ChainContext, readContract } from '../ledger/index.ts';

/** The id of the gateway the signer of `ctx` operates (active or not), or null if none. */
export async function ownGatewayId(ctx: ChainContext): Promise<string | null> {
  const id = await readContract(ctx, 'consortiumRegistry', 'gatewayIdOf', [ctx.ledger.account.address]);
  return /^0x0+$/.test(id) ? null : fromBytes32Id(id);
}
