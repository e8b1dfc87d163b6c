import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Address, Hex } from 'viem';
import { type ContractName, contractNames } from './contracts.ts';
import type { Ledger } from './createLedger.ts';
import { ContractsNotDeployedError } from './errors.ts';

export type ContractAddresses = Record<ContractName, Address>;

/** Where the contracts of one chain live, as recorded in `<dataDir>/chain/deployments.json`. */
export type Deployment = {
  chainId: number;
  genesisHash: Hex;
  deployer: Address;
  blockNumber: string;
  deployedAt: string;
  contracts: ContractAddresses;
};

/** The ledger plus the addresses of the deployed contracts: what every chain action needs. */
export type ChainContext = { ledger: Ledger; deployment: Deployment };

function deploymentsFile(ledger: Ledger): string {
  return join(ledger.chainDir, 'deployments.json');
}

/** Key of a chain: the same chain id on a reset node gets a new genesis hash. */
async function chainKey(ledger: Ledger): Promise<{ key: string; genesisHash: Hex }> {
  const genesis = await ledger.publicClient.getBlock({ blockNumber: 0n });
  return { key: `${ledger.chain.id}:${genesis.hash}`, genesisHash: genesis.hash };
}

/**
 * Loads the recorded deployment for the connected chain, checking that code is still there;
 * returns undefined when the contracts are not (or no longer) deployed.
 */
export async function loadDeployment(ledger: Ledger): Promise<Deployment | undefined> {
  const file = deploymentsFile(ledger);
  if (!existsSync(file)) return undefined;
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Deployment>;
  const { key } = await chainKey(ledger);
  const deployment = all[key];
  if (!deployment) return undefined;
  for (const name of contractNames) {
    const address = deployment.contracts[name];
    const code = address ? await ledger.publicClient.getCode({ address }) : undefined;
    if (!code || code === '0x') return undefined;
  }
  return deployment;
}

/**
 * The contracts of a deployment recorded on this chain by this account before newer contracts were
 * added to Vigil (so it is incomplete), when each still has code; undefined otherwise.
 */
export async function loadEarlierContracts(ledger: Ledger): Promise<Partial<ContractAddresses> | undefined> {
  const file = deploymentsFile(ledger);
  if (!existsSync(file)) return undefined;
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Deployment>;
  const recorded = all[(await chainKey(ledger)).key];
  if (!recorded || recorded.deployer.toLowerCase() !== ledger.account.address.toLowerCase()) return undefined;
  const kept: Partial<ContractAddresses> = {};
  for (const name of contractNames) {
    const address = recorded.contracts[name];
    if (!address) continue;
    const code = await ledger.publicClient.getCode({ address });
    if (!code || code === '0x') return undefined;
    kept[name] = address;
  }
  return kept;
}

/** Records a deployment for the connected chain (atomically replacing the file). */
export async function saveDeployment(
  ledger: Ledger,
  deployment: Omit<Deployment, 'genesisHash'>,
): Promise<Deployment> {
  const file = deploymentsFile(ledger);
  const all = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Deployment>) : {};
  const { key, genesisHash } = await chainKey(ledger);
  const saved = { ...deployment, genesisHash };
  all[key] = saved;
  writeFileSync(`${file}.tmp`, `${JSON.stringify(all, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return saved;
}

/** The chain context, or a clear error telling how to deploy. */
export async function connectContracts(ledger: Ledger): Promise<ChainContext> {
  const deployment = await loadDeployment(ledger);
  if (!deployment) {
    throw new ContractsNotDeployedError(
      `the Vigil contracts are not deployed on chain ${ledger.chain.id}: run "vigil chain deploy"`,
    );
  }
  return { ledger, deployment };
}
