import type { Address } from 'viem';
import type { ContractName } from './contracts.ts';
import type { Ledger, LedgerMode } from './createLedger.ts';
import { loadDeployment } from './deployment.ts';

export type ChainStatus = {
  mode: LedgerMode;
  chainId: number;
  blockNumber: bigint;
  latestBlockHash: `0x${string}`;
  account: Address;
  deployed: boolean;
  contracts: Partial<Record<ContractName, Address>>;
};

/** Mode, chain id, height and contract addresses of the connected chain. */
export async function getChainStatus(ledger: Ledger): Promise<ChainStatus> {
  const block = await ledger.publicClient.getBlock({ blockTag: 'latest' });
  const deployment = await loadDeployment(ledger);
  return {
    mode: ledger.mode,
    chainId: ledger.chain.id,
    blockNumber: block.number,
    latestBlockHash: block.hash,
    account: ledger.account.address,
    deployed: deployment !== undefined,
    contracts: deployment?.contracts ?? {},
  };
}
