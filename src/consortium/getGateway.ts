import type { Address, Hex } from 'viem';
import { fromBytes32Id, toBytes32Id } from '../identity/index.ts';
import { type ChainContext, readContract } from '../ledger/index.ts';
import { fromHexBytes } from './hexBytes.ts';
import { type ConsortiumGateway, type MemberStatus, memberStatus } from './types.ts';

type GatewayRecord = {
  orgId: Hex;
  account: Address;
  status: number;
  keyVersion: number;
  addedAt: bigint;
  updatedAt: bigint;
  requestKey: Hex;
  endpoint: string;
};

/**
 * Reads gateway `gatewayId` from `ConsortiumRegistry`: its hospital, account, endpoint and current
 * request-signing key with its version, and whether it is active now (what a peer checks before it
 * trusts a request signed by it). An unknown id is `VIGIL_CHAIN_CONSORTIUM_REGISTRY_UNKNOWN_GATEWAY`.
 */
export async function getGateway(
  ctx: ChainContext,
  gatewayId: string,
  options: { blockNumber?: bigint } = {},
): Promise<ConsortiumGateway> {
  const record = (await readContract(
    ctx,
    'consortiumRegistry',
    'getGateway',
    [toBytes32Id(gatewayId)],
    options,
  )) as GatewayRecord;
  const active = await readContract(ctx, 'consortiumRegistry', 'isActiveGateway', [record.account], options);
  return {
    gatewayId,
    orgId: fromBytes32Id(record.orgId),
    account: record.account,
    endpoint: record.endpoint,
    requestKey: fromHexBytes(record.requestKey),
    keyVersion: Number(record.keyVersion),
    status: memberStatus(Number(record.status)) as MemberStatus,
    active,
    addedAt: Number(record.addedAt),
    updatedAt: Number(record.updatedAt),
  };
}
