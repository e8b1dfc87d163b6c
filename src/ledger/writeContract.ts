import type { ContractFunctionArgs, ContractFunctionName, TransactionReceipt } from 'viem';
import { type ContractAbi, type ContractName, contractArtifacts } from './contracts.ts';
import { decodeChainError } from './decodeChainError.ts';
import type { ChainContext } from './deployment.ts';
import { ContractRevertError } from './errors.ts';

type WriteName<name extends ContractName> = ContractFunctionName<ContractAbi<name>, 'nonpayable' | 'payable'>;
type WriteArgs<name extends ContractName, fn extends WriteName<name>> = ContractFunctionArgs<
  ContractAbi<name>,
  'nonpayable' | 'payable',
  fn
>;

/**
 * Sends a transaction to a Vigil contract and waits until it is mined. A revert (caught when the
 * gas is estimated, or in the receipt) becomes a {@link ContractRevertError} with a stable code.
 */
export async function writeContract<name extends ContractName, fn extends WriteName<name>>(
  ctx: ChainContext,
  contract: name,
  functionName: fn,
  args: WriteArgs<name, fn>,
): Promise<TransactionReceipt> {
  const artifact = contractArtifacts[contract];
  const { ledger } = ctx;
  try {
    const hash = await ledger.serializeSend(() =>
      ledger.walletClient.writeContract({
        address: ctx.deployment.contracts[contract],
        abi: artifact.abi,
        functionName,
        args,
      } as unknown as Parameters<typeof ledger.walletClient.writeContract>[0]),
    );
    const receipt = await ledger.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') {
      throw new ContractRevertError(artifact.name, 'TransactionReverted', [hash]);
    }
    return receipt;
  } catch (error) {
    throw decodeChainError(error, artifact.name);
  }
}
