import { type Address, keccak256, toHex } from 'viem';
import { type ContractName, contractArtifacts, contractNames } from './contracts.ts';
import type { Ledger } from './createLedger.ts';
import { decodeChainError } from './decodeChainError.ts';
import {
  type ChainContext,
  type ContractAddresses,
  loadDeployment,
  readRecordedDeployment,
  saveDeployment,
} from './deployment.ts';

export const GATEWAY_ROLE = keccak256(toHex('GATEWAY_ROLE'));

export type DeployContractsParameters = {
  /** Accounts granted `GATEWAY_ROLE` on the gateway-facing contracts (default: the deployer). */
  gateways?: Address[];
};

/**
 * Deploys every Vigil contract with the ledger's account as consortium admin, grants the gateway
 * role, and records the addresses in the data directory.
 */
export async function deployContracts(
  ledger: Ledger,
  params: DeployContractsParameters = {},
): Promise<ChainContext> {
  const admin = ledger.account.address;
  const { contracts, lastBlock } = await deployNamed(ledger, contractNames, params.gateways ?? [admin]);
  const deployment = await saveDeployment(ledger, {
    chainId: ledger.chain.id,
    deployer: admin,
    blockNumber: lastBlock.toString(),
    deployedAt: new Date().toISOString(),
    contracts: contracts as ContractAddresses,
  });
  return { ledger, deployment };
}

/** Deploys the named contracts with the ledger's account as admin and grants `gateways` their role. */
async function deployNamed(
  ledger: Ledger,
  names: readonly ContractName[],
  gateways: readonly Address[],
): Promise<{ contracts: Partial<ContractAddresses>; lastBlock: bigint }> {
  const admin = ledger.account.address;
  const contracts: Partial<ContractAddresses> = {};
  let lastBlock = 0n;
  for (const name of names) {
    const artifact = contractArtifacts[name];
    try {
      const hash = await ledger.serializeSend(() =>
        ledger.walletClient.deployContract({
          abi: artifact.abi,
          bytecode: artifact.bytecode,
          args: [admin],
        } as Parameters<typeof ledger.walletClient.deployContract>[0]),
      );
      const receipt = await ledger.publicClient.waitForTransactionReceipt({ hash });
      if (!receipt.contractAddress || receipt.status !== 'success')
        throw new Error(`deploying ${artifact.name} failed`);
      contracts[name] = receipt.contractAddress;
      lastBlock = receipt.blockNumber;
    } catch (error) {
      throw decodeChainError(error, artifact.name);
    }
  }
  for (const name of names) {
    const artifact = contractArtifacts[name];
    if (!artifact.gatewayRole) continue;
    for (const gateway of gateways) {
      try {
        const hash = await ledger.serializeSend(() =>
          ledger.walletClient.writeContract({
            address: contracts[name]!,
            abi: artifact.abi,
            functionName: 'grantRole',
            args: [GATEWAY_ROLE, gateway],
          } as Parameters<typeof ledger.walletClient.writeContract>[0]),
        );
        lastBlock = (await ledger.publicClient.waitForTransactionReceipt({ hash })).blockNumber;
      } catch (error) {
        throw decodeChainError(error, artifact.name);
      }
    }
  }
  return { contracts, lastBlock };
}

/**
 * Adds the contracts a newer Vigil has (e.g. `FederationRegistry`) to a deployment recorded by an older
 * one, keeping every deployed contract and its state; the recorded deployer only (it is the consortium
 * admin of the others). Undefined when that does not apply (nothing recorded, another account, a
 * recorded contract without code, or nothing missing).
 */
export async function completeDeployment(ledger: Ledger): Promise<ChainContext | undefined> {
  const recorded = await readRecordedDeployment(ledger);
  if (!recorded || recorded.deployer.toLowerCase() !== ledger.account.address.toLowerCase()) return undefined;
  const present = contractNames.filter((name) => recorded.contracts[name]);
  const missing = contractNames.filter((name) => !recorded.contracts[name]);
  if (missing.length === 0) return undefined;
  for (const name of present) {
    const code = await ledger.publicClient.getCode({ address: recorded.contracts[name] });
    if (!code || code === '0x') return undefined;
  }
  const { contracts } = await deployNamed(ledger, missing, [ledger.account.address]);
  const { genesisHash: _recomputed, ...rest } = recorded;
  const deployment = await saveDeployment(ledger, {
    ...rest,
    contracts: { ...recorded.contracts, ...contracts } as ContractAddresses,
  });
  return { ledger, deployment };
}

/**
 * Returns the recorded deployment, completing one recorded by an older Vigil with the contracts it
 * lacks, or deploying everything if this chain has none.
 */
export async function ensureDeployed(ledger: Ledger): Promise<ChainContext> {
  const deployment = await loadDeployment(ledger);
  if (deployment) return { ledger, deployment };
  return (await completeDeployment(ledger)) ?? deployContracts(ledger);
}
