import { keccak256, toHex } from 'viem';
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

const abi = contractArtifacts.trustRegistry.abi;
const digest = (n: number) => keccak256(toHex(`evidence-${n}`));

describe.each(testChainKinds())('TrustRegistry on %s', (kind) => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  let outsider: Ledger;
  const a = id('dev-a');
  const b = id('dev-b');

  beforeAll(async () => {
    chain = await startDeployedChain(kind);
    outsider = await chain.newActor();
  });
  afterAll(() => chain?.stop());

  it('commits many scores in one transaction, one event each', async () => {
    const receipt = await writeContract(chain.ctx, 'trustRegistry', 'commitScores', [
      [a, b],
      [9_500, 1_200],
      [digest(1), digest(2)],
    ]);
    expect(eventsIn(receipt, abi, 'TrustScoreCommitted').map((e) => e.args)).toEqual([
      { deviceId: a, score: 9_500, evidenceDigest: digest(1) },
      { deviceId: b, score: 1_200, evidenceDigest: digest(2) },
    ]);
    expect(await readContract(chain.ctx, 'trustRegistry', 'getTrust', [b])).toMatchObject({
      score: 1_200,
      evidenceDigest: digest(2),
      quarantined: false,
    });
  });

  it('rejects mismatched or empty arrays and scores above 10000', async () => {
    await expectRevert(
      writeContract(chain.ctx, 'trustRegistry', 'commitScores', [[a, b], [1], [digest(1), digest(2)]]),
      'TrustRegistryLengthMismatch',
      [2n, 1n, 2n],
    );
    await expectRevert(
      writeContract(chain.ctx, 'trustRegistry', 'commitScores', [[], [], []]),
      'TrustRegistryLengthMismatch',
      [0n, 0n, 0n],
    );
    await expectRevert(
      writeContract(chain.ctx, 'trustRegistry', 'commitScores', [[a], [10_001], [digest(1)]]),
      'TrustRegistryInvalidScore',
      [a, 10_001],
    );
  });

  it('quarantines and reinstates with a reason, once each', async () => {
    const q = await writeContract(chain.ctx, 'trustRegistry', 'quarantine', [
      b,
      'trust 0.12 below 0.40: replayed readings',
    ]);
    expect(eventsIn(q, abi, 'DeviceQuarantined')[0]?.args).toEqual({
      deviceId: b,
      reason: 'trust 0.12 below 0.40: replayed readings',
    });
    expect(await readContract(chain.ctx, 'trustRegistry', 'isQuarantined', [b])).toBe(true);
    await expectRevert(
      writeContract(chain.ctx, 'trustRegistry', 'quarantine', [b, 'again']),
      'TrustRegistryAlreadyQuarantined',
      [b],
    );
    const r = await writeContract(chain.ctx, 'trustRegistry', 'reinstate', [
      b,
      'sensor replaced by biomedical engineering',
    ]);
    expect(eventsIn(r, abi, 'DeviceReinstated')[0]?.args).toEqual({
      deviceId: b,
      reason: 'sensor replaced by biomedical engineering',
    });
    expect(await readContract(chain.ctx, 'trustRegistry', 'isQuarantined', [b])).toBe(false);
    await expectRevert(
      writeContract(chain.ctx, 'trustRegistry', 'reinstate', [b, 'again']),
      'TrustRegistryNotQuarantined',
      [b],
    );
  });

  it('requires a reason of 1-256 bytes', async () => {
    await expectRevert(
      writeContract(chain.ctx, 'trustRegistry', 'quarantine', [a, '']),
      'TrustRegistryInvalidReason',
      [0n],
    );
    await expectRevert(
      writeContract(chain.ctx, 'trustRegistry', 'quarantine', [a, 'x'.repeat(257)]),
      'TrustRegistryInvalidReason',
      [257n],
    );
  });

  it('requires the gateway role for every write', async () => {
    const denied = [outsider.account.address, GATEWAY_ROLE];
    const ctx = as(chain.ctx, outsider);
    await expectRevert(
      writeContract(ctx, 'trustRegistry', 'commitScores', [[a], [1], [digest(1)]]),
      'AccessControlUnauthorizedAccount',
      denied,
    );
    await expectRevert(
      writeContract(ctx, 'trustRegistry', 'quarantine', [a, 'x']),
      'AccessControlUnauthorizedAccount',
      denied,
    );
    await expectRevert(
      writeContract(ctx, 'trustRegistry', 'reinstate', [a, 'x']),
      'AccessControlUnauthorizedAccount',
      denied,
    );
  });
});
