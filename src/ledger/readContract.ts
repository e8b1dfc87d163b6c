import type { ContractFunctionArgs, ContractFunctionName, ContractFunctionReturnType } from 'viem';
import { type ContractAbi, type ContractName, contractArtifacts } from './contracts.ts';
import { decodeChainError } from './decodeChainError.ts';
import type { ChainContext } from './deployment.ts';

type ReadName<name extends ContractName> = ContractFunctionName<ContractAbi<name>, 'view' | 'pure'>;

/** Calls a view function of a Vigil contract; reverts become typed Vigil errors. */
export async function readContract<name extends ContractName, fn extends ReadName<name>>(
  ctx: ChainContext,
  contract: name,
  functionName: fn,
  args: ContractFunctionArgs<ContractAbi<name>, 'view' | 'pure', fn>,
  options: { blockNumber?: bigint } = {},
): Promise<ContractFunctionReturnType<ContractAbi<name>, 'view' | 'pure', fn>> {
  const artifact = contractArtifacts[contract];
  try {
    return (await ctx.ledger.publicClient.readContract({
      address: ctx.deployment.contracts[contract],
      abi: artifact.abi,
      functionName,
      args,
      ...options,
    } as unknown as Parameters<
      typeof ctx.ledger.publicClient.readContract
    >[0])) as ContractFunctionReturnType<ContractAbi<name>, 'view' | 'pure', fn>;
  } catch (error) {
    throw decodeChainError(error, artifact.name);
  }
}
