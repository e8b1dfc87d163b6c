import type { ContractEventName, GetContractEventsReturnType } from 'viem';
import { type ContractAbi, type ContractName, contractArtifacts } from './contracts.ts';
import { decodeChainError } from './decodeChainError.ts';
import type { ChainContext } from './deployment.ts';

export type GetContractEventsParameters = {
  fromBlock?: bigint;
  toBlock?: bigint | 'latest';
  /** Indexed-argument filter, e.g. `{ deviceId }`. */
  args?: Record<string, unknown>;
};

/** Reads decoded events of one Vigil contract in a block range (default: the whole chain). */
export async function getContractEvents<
  name extends ContractName,
  event extends ContractEventName<ContractAbi<name>>,
>(
  ctx: ChainContext,
  contract: name,
  eventName: event,
  params: GetContractEventsParameters = {},
): Promise<GetContractEventsReturnType<ContractAbi<name>, event>> {
  const artifact = contractArtifacts[contract];
  try {
    return (await ctx.ledger.publicClient.getContractEvents({
      address: ctx.deployment.contracts[contract],
      abi: artifact.abi,
      eventName,
      args: params.args,
      fromBlock: params.fromBlock ?? 0n,
      toBlock: params.toBlock ?? 'latest',
    } as unknown as Parameters<
      typeof ctx.ledger.publicClient.getContractEvents
    >[0])) as unknown as GetContractEventsReturnType<ContractAbi<name>, event>;
  } catch (error) {
    throw decodeChainError(error, artifact.name);
  }
}
