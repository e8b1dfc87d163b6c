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
    const request = {
      address: ctx.deployment.contracts[contract],
      abi: artifact.abi,
      functionName,
      args,
      account: ledger.account,
    } as unknown as Parameters<typeof ledger.walletClient.writeContract>[0];
    const hash = await ledger.serializeSend(async () => {
      const estimate = await ledger.publicClient.estimateContractGas(
        request as Parameters<typeof ledger.publicClient.estimateContractGas>[0],
      );
      return ledger.walletClient.writeContract({ ...request, gas: withGasMargin(estimate) });
    });
    const receipt = await ledger.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') {
      throw new ContractRevertError(artifact.name, 'TransactionReverted', [hash]);
    }
    return receipt;
  } catch (error) {
    throw decodeChainError(error, artifact.name);
  }
}

/**
 * The gas limit sent for an estimate. An estimate is exact for the state and block it was made in, and
 * the block the transaction lands in can cost a little more (a stored `block.timestamp` equal to the value
 * already there is a cheap no-op in one block and a full write in the next): exact estimates ran out of
 * gas on Anvil in 2 of about 20 loaded runs of the consortium tests. Unused gas is not charged.
 */
export function withGasMargin(estimate: bigint): bigint {
  return estimate + estimate / 5n + 25_000n;
}
