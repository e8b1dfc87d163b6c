import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeployedChain } from '../../test/support/testChains.ts';
import { anchorModelDigest } from './anchorModelDigest.ts';
import { getContractEvents } from './getContractEvents.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('anchorModelDigest', () => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  beforeAll(async () => {
    chain = await startDeployedChain('embedded');
  });
  afterAll(() => chain?.stop());

  it('registers a new model file once, and a changed file as the next version', async () => {
    const first = await anchorModelDigest(chain.ctx, 'attack-detector', sha('model v1'));
    expect(first).toMatchObject({ version: 1, registered: true, digest: `0x${sha('model v1')}` });
    const again = await anchorModelDigest(chain.ctx, 'attack-detector', sha('model v1'));
    expect(again).toMatchObject({ version: 1, registered: false });
    const second = await anchorModelDigest(chain.ctx, 'attack-detector', sha('model v2'));
    expect(second).toMatchObject({ version: 2, registered: true });
    // Going back to an earlier file does not register it again: it is already on chain.
    expect(await anchorModelDigest(chain.ctx, 'attack-detector', sha('model v1'))).toMatchObject({
      version: 1,
      registered: false,
    });
    expect(await getContractEvents(chain.ctx, 'modelRegistry', 'ModelRegistered')).toHaveLength(2);
  });
});
