import type { Hex } from 'viem';
import { fromBytes32Id, toBytes32Id } from '../identity/index.ts';
import { type ChainContext, readContract } from '../ledger/index.ts';
import { getGateway } from './getGateway.ts';
import { type ConsortiumHospital, type MemberStatus, memberStatus } from './types.ts';

/**
 * Reads member hospital `orgId` with all its gateways (endpoints, keys, statuses): where another
 * hospital's gateway finds the endpoints to reach it. Never admitted: `VIGIL_CHAIN_CONSORTIUM_REGISTRY_UNKNOWN_HOSPITAL`.
 */
export async function getHospital(ctx: ChainContext, orgId: string): Promise<ConsortiumHospital> {
  const id = toBytes32Id(orgId);
  const record = await readContract(ctx, 'consortiumRegistry', 'getHospital', [id]);
  const gatewayIds = (await readContract(ctx, 'consortiumRegistry', 'gatewaysOf', [id])) as readonly Hex[];
  const gateways = [];
  for (const gatewayId of gatewayIds) gateways.push(await getGateway(ctx, fromBytes32Id(gatewayId)));
  return {
    orgId,
    status: memberStatus(Number(record.status)) as MemberStatus,
    admittedAt: Number(record.admittedAt),
    updatedAt: Number(record.updatedAt),
    gateways,
  };
}
