import type { Address, Hex } from 'viem';
import { fromBytes32Id } from '../identity/index.ts';
import { type ChainContext, readContract } from '../ledger/index.ts';
import { getHospital } from './getHospital.ts';
import { ownGatewayId } from './ownGatewayId.ts';
import type { ConsortiumHospital } from './types.ts';

export type ListConsortiumReturnType = {
  /** Every hospital ever admitted, in admission order, with its gateways. */
  hospitals: ConsortiumHospital[];
  /** The contracts on which the registry grants `GATEWAY_ROLE`. */
  gatedContracts: Address[];
  /** The gateway this signer operates, if any. */
  self: string | null;
};

/** Reads the whole membership from `ConsortiumRegistry`. */
export async function listConsortium(ctx: ChainContext): Promise<ListConsortiumReturnType> {
  const ids = (await readContract(ctx, 'consortiumRegistry', 'hospitalIds', [])) as readonly Hex[];
  const hospitals = [];
  for (const id of ids) hospitals.push(await getHospital(ctx, fromBytes32Id(id)));
  const gatedContracts = [...(await readContract(ctx, 'consortiumRegistry', 'gatedContracts', []))];
  return { hospitals, gatedContracts, self: await ownGatewayId(ctx) };
}
