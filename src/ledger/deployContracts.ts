import { type Address, type Hex, keccak256, stringToHex, toHex, zeroHash } from 'viem';
import { InvalidArgumentError } from '../errors/index.ts';
import { type ContractName, contractArtifacts, contractNames } from './contracts.ts';
import type { Ledger } from './createLedger.ts';
import { decodeChainError } from './decodeChainError.ts';
import {
  type ChainContext,
  type ContractAddresses,
  type Deployment,
  loadDeployment,
  loadEarlierContracts,
  saveDeployment,
} from './deployment.ts';
import { loadOrCreateGatewayRequestKey } from './gatewayRequestKey.ts';
import { readContract } from './readContract.ts';
import { writeContract } from './writeContract.ts';

export const GATEWAY_ROLE = keccak256(toHex('GATEWAY_ROLE'));
/** OpenZeppelin's `DEFAULT_ADMIN_ROLE` (the consortium admin; also held by `ConsortiumRegistry`). */
export const DEFAULT_ADMIN_ROLE = zeroHash;

/** Defaults of a deployer that is its own hospital's gateway (the single-hospital set-up). */
export const DEFAULT_SELF = {
  orgId: 'hospital-1',
  gatewayId: 'gateway-1',
  endpoint: 'http://127.0.0.1:8080',
};

/** The deploying account's own hospital and gateway, admitted and registered by the deployment. */
export type SelfMembership = {
  /** Organisation id (default `hospital-1`). */
  orgId?: string;
  /** Gateway id (default `gateway-1`). */
  gatewayId?: string;
  /** Base URL of the gateway's public API (default `http://127.0.0.1:8080`). */
  endpoint?: string;
  /** Request-signing public key, 65-byte SEC1 hex (default: this data directory's key, created if missing). */
  requestKey?: Hex;
};

export type DeployContractsParameters = {
  /**
   * The deployer's own hospital and gateway (defaults above). `null` deploys without any: a consortium
   * admin that is nobody's gateway, who then admits hospitals and adds gateways.
   */
  self?: SelfMembership | null;
  /** Contracts already deployed by this account on this chain, kept instead of deployed again. */
  reuse?: Partial<ContractAddresses>;
};

const ID = /^[A-Za-z0-9._-]{1,31}$/;

function bytes32Id(id: string, what: string): Hex {
  if (!ID.test(id))
    throw new InvalidArgumentError(`${what} must be 1-31 characters of letters, digits, ".", "_" or "-"`);
  return stringToHex(id, { size: 32 });
}

/**
 * Deploys every Vigil contract with the ledger's account as consortium admin (keeping those in `reuse`),
 * makes `ConsortiumRegistry` the admin that grants `GATEWAY_ROLE` on the gateway-facing contracts, then
 * admits the deployer's own hospital and registers the deployer as its gateway (unless `self` is null),
 * and records the addresses in the data directory. Every wiring step checks first, so running it again
 * over a partial deployment finishes it.
 */
export async function deployContracts(
  ledger: Ledger,
  params: DeployContractsParameters = {},
): Promise<ChainContext> {
  const admin = ledger.account.address;
  const contracts = { ...params.reuse } as ContractAddresses;
  for (const name of contractNames) {
    if (contracts[name]) continue;
    const artifact = contractArtifacts[name];
    const args = name === 'consortiumRegistry' ? [admin, contracts.deviceRegistry] : [admin];
    try {
      const hash = await ledger.serializeSend(() =>
        ledger.walletClient.deployContract({
          abi: artifact.abi,
          bytecode: artifact.bytecode,
          args,
        } as Parameters<typeof ledger.walletClient.deployContract>[0]),
      );
      const receipt = await ledger.publicClient.waitForTransactionReceipt({ hash });
      if (!receipt.contractAddress || receipt.status !== 'success')
        throw new Error(`deploying ${artifact.name} failed`);
      contracts[name] = receipt.contractAddress;
    } catch (error) {
      throw decodeChainError(error, artifact.name);
    }
  }
  // writeContract and readContract need only the addresses of a context.
  const ctx: ChainContext = { ledger, deployment: { contracts } as Deployment };
  await wireConsortiumRegistry(ctx);
  if (params.self !== null) await admitSelf(ctx, params.self ?? {});
  const deployment = await saveDeployment(ledger, {
    chainId: ledger.chain.id,
    deployer: admin,
    blockNumber: (await ledger.publicClient.getBlockNumber({ cacheTime: 0 })).toString(),
    deployedAt: new Date().toISOString(),
    contracts,
  });
  return { ledger, deployment };
}

/** Gives the registry the admin role of DeviceRegistry and of each gated contract, then gates them. */
async function wireConsortiumRegistry(ctx: ChainContext): Promise<void> {
  const registry = ctx.deployment.contracts.consortiumRegistry;
  const gated = contractNames.filter((name) => contractArtifacts[name].gatewayRole);
  for (const name of ['deviceRegistry', ...gated] as ContractName[]) {
    const held = await readContract(ctx, name as 'dataAnchor', 'hasRole', [DEFAULT_ADMIN_ROLE, registry]);
    if (!held) await writeContract(ctx, name as 'dataAnchor', 'grantRole', [DEFAULT_ADMIN_ROLE, registry]);
  }
  const already = new Set(
    (await readContract(ctx, 'consortiumRegistry', 'gatedContracts', [])).map((a) => a.toLowerCase()),
  );
  const missing = gated
    .map((name) => ctx.deployment.contracts[name])
    .filter((a) => !already.has(a.toLowerCase()));
  if (missing.length > 0) await writeContract(ctx, 'consortiumRegistry', 'addGatedContracts', [missing]);
}

/** Admits the deployer's hospital and adds the deployer as its gateway, unless already done. */
async function admitSelf(ctx: ChainContext, self: SelfMembership): Promise<void> {
  const account: Address = ctx.ledger.account.address;
  const orgId = bytes32Id(self.orgId ?? DEFAULT_SELF.orgId, 'the organisation id');
  const gatewayId = bytes32Id(self.gatewayId ?? DEFAULT_SELF.gatewayId, 'the gateway id');
  const hospitals = await readContract(ctx, 'consortiumRegistry', 'hospitalIds', []);
  if (!hospitals.includes(orgId))
    await writeContract(ctx, 'consortiumRegistry', 'admitHospital', [orgId, account]);
  if ((await readContract(ctx, 'consortiumRegistry', 'gatewayIdOf', [account])) !== zeroHash) return;
  const requestKey = self.requestKey ?? loadOrCreateGatewayRequestKey(ctx.ledger.chainDir).publicKey;
  await writeContract(ctx, 'consortiumRegistry', 'addGateway', [
    gatewayId,
    orgId,
    account,
    self.endpoint ?? DEFAULT_SELF.endpoint,
    requestKey,
  ]);
}

/**
 * Returns the recorded deployment. A chain without one is deployed now; a deployment recorded before
 * newer contracts existed keeps its contracts (and their anchored history) and gets only the new ones.
 */
export async function ensureDeployed(
  ledger: Ledger,
  params: Omit<DeployContractsParameters, 'reuse'> = {},
): Promise<ChainContext> {
  const deployment = await loadDeployment(ledger);
  if (deployment) return { ledger, deployment };
  return deployContracts(ledger, { ...params, reuse: await loadEarlierContracts(ledger) });
}
