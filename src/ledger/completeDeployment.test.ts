import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zeroAddress } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { id } from '../../test/support/ids.ts';
import { startTestChain, type TestChain, testChainKinds } from '../../test/support/testChains.ts';
import { withSigner } from './createLedger.ts';
import { deployContracts, ensureDeployed, GATEWAY_ROLE } from './deployContracts.ts';
import { loadDeployment, loadEarlierContracts } from './deployment.ts';
import { readContract } from './readContract.ts';
import { writeContract } from './writeContract.ts';

describe.each(testChainKinds())('a deployment recorded before FederationRegistry existed (%s)', (kind) => {
  let chain: TestChain;
  beforeAll(async () => {
    chain = await startTestChain(kind);
  });
  afterAll(() => chain?.stop());

  it('is completed with the new contract, keeping every deployed contract and its state', async () => {
    const old = await deployContracts(chain.ledger);
    await writeContract(old, 'deviceRegistry', 'registerOrganisation', [
      id('org-before'),
      chain.ledger.account.address,
    ]);
    // What an older Vigil recorded: the same file without the newer contract.
    const file = join(chain.ledger.chainDir, 'deployments.json');
    const all = JSON.parse(readFileSync(file, 'utf8')) as Record<
      string,
      { contracts: Record<string, string> }
    >;
    for (const d of Object.values(all)) delete d.contracts.federationRegistry;
    writeFileSync(file, JSON.stringify(all));
    expect(await loadDeployment(chain.ledger)).toBeUndefined();

    // Another account does not complete the consortium admin's deployment.
    expect(await loadEarlierContracts(withSigner(chain.ledger, generatePrivateKey()))).toBeUndefined();

    const ctx = await ensureDeployed(chain.ledger);
    const { federationRegistry, ...others } = ctx.deployment.contracts;
    const { federationRegistry: _previous, ...before } = old.deployment.contracts;
    expect(others).toEqual(before);
    expect(federationRegistry).not.toBe(zeroAddress);
    expect(await readContract(ctx, 'deviceRegistry', 'isOrganisation', [id('org-before')])).toBe(true);
    expect(
      await readContract(ctx, 'federationRegistry', 'hasRole', [GATEWAY_ROLE, chain.ledger.account.address]),
    ).toBe(true);
    await writeContract(ctx, 'federationRegistry', 'createFederation', [
      id('fed'),
      id('task'),
      id('model-0'),
    ]);
    expect(await loadDeployment(chain.ledger)).toEqual(ctx.deployment);
  });
});
