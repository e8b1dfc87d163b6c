import { keccak256, toHex, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { id } from '../../test/support/ids.ts';
import { startTestChain, type TestChain } from '../../test/support/testChains.ts';
import { contractArtifacts, contractNames } from './contracts.ts';
import { ensureDeployed, GATEWAY_ROLE } from './deployContracts.ts';
import { type ContractAddresses, type Deployment, saveDeployment } from './deployment.ts';
import { readContract } from './readContract.ts';
import { writeContract } from './writeContract.ts';

/**
 * A data directory whose deployment was recorded before ConsortiumRegistry existed must keep its
 * contracts, and so its anchored history, when the gateway starts on the new version.
 */
describe('a deployment recorded before ConsortiumRegistry', () => {
  let chain: TestChain;
  let old: Partial<ContractAddresses>;
  const root = keccak256(toHex('batch-0'));

  beforeAll(async () => {
    chain = await startTestChain('embedded');
    const { ledger } = chain;
    old = {};
    // Deployed and wired as the previous version did: the deployer holds GATEWAY_ROLE directly.
    for (const name of contractNames.filter((n) => n !== 'consortiumRegistry')) {
      const artifact = contractArtifacts[name];
      const hash = await ledger.walletClient.deployContract({
        abi: artifact.abi,
        bytecode: artifact.bytecode,
        args: [ledger.account.address],
      } as Parameters<typeof ledger.walletClient.deployContract>[0]);
      old[name] = (await ledger.publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
    }
    const ctx = { ledger, deployment: { contracts: old } as Deployment };
    for (const name of [
      'dataAnchor',
      'trustRegistry',
      'consentRegistry',
      'auditLog',
      'modelRegistry',
    ] as const) {
      await writeContract(ctx, name, 'grantRole', [GATEWAY_ROLE, ledger.account.address]);
    }
    await writeContract(ctx, 'dataAnchor', 'anchorBatch', [id('gateway-1'), 0n, root, zeroHash, 3]);
    await saveDeployment(ledger, {
      chainId: ledger.chain.id,
      deployer: ledger.account.address,
      blockNumber: '0',
      deployedAt: new Date().toISOString(),
      contracts: old as ContractAddresses,
    });
  });
  afterAll(() => chain?.stop());

  it('keeps its contracts and anchored batches, adds the registry, and registers the gateway in it', async () => {
    const ctx = await ensureDeployed(chain.ledger, { self: { orgId: 'st-mary', gatewayId: 'gateway-1' } });
    for (const [name, address] of Object.entries(old)) {
      expect(ctx.deployment.contracts[name as keyof ContractAddresses]).toBe(address);
    }
    expect(ctx.deployment.contracts.consortiumRegistry).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(await readContract(ctx, 'dataAnchor', 'getBatch', [id('gateway-1'), 0n])).toMatchObject({ root });
    expect(await readContract(ctx, 'consortiumRegistry', 'getGateway', [id('gateway-1')])).toMatchObject({
      orgId: id('st-mary'),
      account: chain.ledger.account.address,
      status: 1,
    });
    // The registry now governs the role it found granted directly: suspension revokes it.
    await writeContract(ctx, 'consortiumRegistry', 'suspendGateway', [id('gateway-1'), 'upgrade check']);
    expect(
      await readContract(ctx, 'dataAnchor', 'hasRole', [GATEWAY_ROLE, chain.ledger.account.address]),
    ).toBe(false);
    expect((await ensureDeployed(chain.ledger)).deployment).toEqual(ctx.deployment);
  });
});
