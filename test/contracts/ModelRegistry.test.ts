import { keccak256, toHex, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contractArtifacts,
  GATEWAY_ROLE,
  type Ledger,
  readContract,
  writeContract,
} from '../../src/ledger/index.ts';
import { eventsIn, expectRevert } from '../support/chainAssertions.ts';
import { id } from '../support/ids.ts';
import { as, startDeployedChain, testChainKinds } from '../support/testChains.ts';

const sha = (n: number) => keccak256(toHex(`model-${n}`));

describe.each(testChainKinds())('ModelRegistry on %s', (kind) => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  let outsider: Ledger;
  const name = id('attack-detector');

  beforeAll(async () => {
    chain = await startDeployedChain(kind);
    outsider = await chain.newActor();
  });
  afterAll(() => chain?.stop());

  it('registers versions of a model by digest', async () => {
    const first = await writeContract(chain.ctx, 'modelRegistry', 'registerModel', [name, sha(1)]);
    expect(eventsIn(first, contractArtifacts.modelRegistry.abi, 'ModelRegistered')[0]?.args).toEqual({
      name,
      version: 1,
      digest: sha(1),
    });
    await writeContract(chain.ctx, 'modelRegistry', 'registerModel', [name, sha(2)]);
    expect(await readContract(chain.ctx, 'modelRegistry', 'latestDigest', [name])).toBe(sha(2));
    expect(await readContract(chain.ctx, 'modelRegistry', 'getModel', [sha(1)])).toMatchObject({
      name,
      version: 1,
    });
  });

  it('rejects duplicates, zero values, unknown digests and non-gateways', async () => {
    await expectRevert(
      writeContract(chain.ctx, 'modelRegistry', 'registerModel', [id('other'), sha(1)]),
      'ModelRegistryDuplicateDigest',
      [sha(1)],
    );
    await expectRevert(
      writeContract(chain.ctx, 'modelRegistry', 'registerModel', [name, zeroHash]),
      'ModelRegistryZeroValue',
      [],
    );
    await expectRevert(
      readContract(chain.ctx, 'modelRegistry', 'getModel', [sha(9)]),
      'ModelRegistryUnknownDigest',
      [sha(9)],
    );
    await expectRevert(
      writeContract(as(chain.ctx, outsider), 'modelRegistry', 'registerModel', [name, sha(3)]),
      'AccessControlUnauthorizedAccount',
      [outsider.account.address, GATEWAY_ROLE],
    );
  });
});
