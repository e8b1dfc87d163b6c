import { type Address, keccak256, toHex } from 'viem';
import { contractArtifacts, contractNames } from './contracts.ts';
import type { Ledger } from './createLedger.ts';
import { decodeChainError } from './decodeChainError.ts';
import { type ChainContext, type ContractAddresses, loadDeployment, saveDeployment } from './deployment.ts';

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
  const contracts = {} as ContractAddresses;
  let lastBlock = 0n;
  for (const name of contractNames) {
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
  const gateways = params.gateways ?? [admin];
  for (const name of contractNames) {
    const artifact = contractArtifacts[name];
    if (!artifact.gatewayRole) continue;
    for (const gateway of gateways) {
      try {
        const hash = await ledger.serializeSend(() =>
          ledger.walletClient.writeContract({
            address: contracts[name],
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
  const deployment = await saveDeployment(ledger, {
    chainId: ledger.chain.id,
    deployer: admin,
    blockNumber: lastBlock.toString(),
    deployedAt: new Date().toISOString(),
    contracts,
  });
  return { ledger, deployment };
}

/** Returns the recorded deployment, deploying first if this chain has none. */
export async function ensureDeployed(ledger: Ledger): Promise<ChainContext> {
  const deployment = await loadDeployment(ledger);
  return deployment ? { ledger, deployment } : deployContracts(ledger);
}
