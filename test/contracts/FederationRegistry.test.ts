import { type Hex, keccak256, toHex, zeroHash } from 'viem';
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

const abi = contractArtifacts.federationRegistry.abi;
const digest = (label: string): Hex => keccak256(toHex(label));
const org = (n: number): Hex => toHex(`hospital-${n}`, { size: 32 });

describe.each(testChainKinds())('FederationRegistry on %s', (kind) => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  let outsider: Ledger;
  let otherGateway: Ledger;
  const fed = id('fed');
  const task = toHex('deterioration', { size: 32 });
  const aggregator = toHex('trust', { size: 32 });
  const m = (round: number) => digest(`${fed}-model-${round}`);

  const roundInput = (round: number, overrides: Record<string, unknown> = {}) => ({
    round,
    previousModelDigest: m(round - 1),
    modelDigest: m(round),
    aggregator,
    paramsDigest: digest('params'),
    hospitals: [org(1), org(2), org(3)],
    updateDigests: [digest(`u${round}-1`), digest(`u${round}-2`), digest(`u${round}-3`)],
    weightsBp: [3000, 3000, 4000],
    trustBp: [5000, 5200, 4800],
    ...overrides,
  });

  beforeAll(async () => {
    chain = await startDeployedChain(kind);
    outsider = await chain.newActor();
    otherGateway = await chain.newActor();
    await writeContract(chain.ctx, 'federationRegistry', 'grantRole', [
      GATEWAY_ROLE,
      otherGateway.account.address,
    ]);
  });
  afterAll(() => chain?.stop());

  it('opens a federation and records rounds in sequence, each chained to the previous model', async () => {
    const created = await writeContract(chain.ctx, 'federationRegistry', 'createFederation', [
      fed,
      task,
      m(0),
    ]);
    expect(eventsIn(created, abi, 'FederationCreated')[0]?.args).toEqual({
      federationId: fed,
      coordinator: chain.ledger.account.address,
      task,
      initialModelDigest: m(0),
    });
    const first = await writeContract(chain.ctx, 'federationRegistry', 'recordRound', [fed, roundInput(1)]);
    expect(eventsIn(first, abi, 'RoundRecorded')[0]?.args).toEqual({
      federationId: fed,
      round: 1,
      modelDigest: m(1),
      previousModelDigest: m(0),
      aggregator,
      paramsDigest: digest('params'),
    });
    expect(eventsIn(first, abi, 'RoundContributions')[0]?.args).toEqual({
      federationId: fed,
      round: 1,
      hospitals: [org(1), org(2), org(3)],
      updateDigests: [digest('u1-1'), digest('u1-2'), digest('u1-3')],
      weightsBp: [3000, 3000, 4000],
      trustBp: [5000, 5200, 4800],
    });
    await writeContract(chain.ctx, 'federationRegistry', 'recordRound', [fed, roundInput(2)]);
    expect(await readContract(chain.ctx, 'federationRegistry', 'getFederation', [fed])).toMatchObject({
      coordinator: chain.ledger.account.address,
      initialModelDigest: m(0),
      lastModelDigest: m(2),
      rounds: 2,
    });
    expect(await readContract(chain.ctx, 'federationRegistry', 'getRound', [fed, 2])).toMatchObject({
      modelDigest: m(2),
      previousModelDigest: m(1),
      participants: 3,
    });
    expect(await readContract(chain.ctx, 'federationRegistry', 'findModel', [m(2)])).toEqual({
      federationId: fed,
      round: 2,
    });
    expect(await readContract(chain.ctx, 'federationRegistry', 'findModel', [m(0)])).toEqual({
      federationId: fed,
      round: 0,
    });
  });

  it('refuses a round out of sequence, on the wrong previous model, or with a model already recorded', async () => {
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'recordRound', [fed, roundInput(4)]),
      'FederationRegistryRoundOutOfSequence',
      [fed, 3, 4],
    );
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'recordRound', [
        fed,
        roundInput(3, { previousModelDigest: m(1) }),
      ]),
      'FederationRegistryPreviousModelMismatch',
      [fed, m(2), m(1)],
    );
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'recordRound', [
        fed,
        roundInput(3, { modelDigest: m(1) }),
      ]),
      'FederationRegistryDuplicateModel',
      [m(1)],
    );
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'recordRound', [
        fed,
        roundInput(3, { modelDigest: zeroHash }),
      ]),
      'FederationRegistryZeroValue',
      [],
    );
  });

  it('refuses malformed contributions: lengths, order, duplicates, zero digests, basis points', async () => {
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'recordRound', [
        fed,
        roundInput(3, { trustBp: [1, 2] }),
      ]),
      'FederationRegistryLengthMismatch',
      [3n, 3n, 3n, 2n],
    );
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'recordRound', [
        fed,
        roundInput(3, { hospitals: [], updateDigests: [], weightsBp: [], trustBp: [] }),
      ]),
      'FederationRegistryLengthMismatch',
      [0n, 0n, 0n, 0n],
    );
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'recordRound', [
        fed,
        roundInput(3, { hospitals: [org(1), org(1), org(3)] }),
      ]),
      'FederationRegistryHospitalsNotAscending',
      [1n],
    );
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'recordRound', [
        fed,
        roundInput(3, { hospitals: [org(2), org(1), org(3)] }),
      ]),
      'FederationRegistryHospitalsNotAscending',
      [1n],
    );
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'recordRound', [
        fed,
        roundInput(3, { weightsBp: [3000, 10001, 0] }),
      ]),
      'FederationRegistryInvalidContribution',
      [org(2)],
    );
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'recordRound', [
        fed,
        roundInput(3, { updateDigests: [digest('a'), zeroHash, digest('c')] }),
      ]),
      'FederationRegistryInvalidContribution',
      [org(2)],
    );
  });

  it('excludes a hospital (coordinator only), refuses its updates, and only the admin reinstates it', async () => {
    await expectRevert(
      writeContract(as(chain.ctx, otherGateway), 'federationRegistry', 'excludeHospital', [
        fed,
        org(2),
        2,
        'trust 0.21 < 0.4',
      ]),
      'FederationRegistryUnauthorizedCoordinator',
      [fed, chain.ledger.account.address, otherGateway.account.address],
    );
    const excluded = await writeContract(chain.ctx, 'federationRegistry', 'excludeHospital', [
      fed,
      org(2),
      2,
      'trust 0.21 < 0.4',
    ]);
    expect(eventsIn(excluded, abi, 'HospitalExcluded')[0]?.args).toEqual({
      federationId: fed,
      orgId: org(2),
      round: 2,
      reason: 'trust 0.21 < 0.4',
    });
    expect(await readContract(chain.ctx, 'federationRegistry', 'isExcluded', [fed, org(2)])).toBe(true);
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'excludeHospital', [fed, org(2), 2, 'again']),
      'FederationRegistryHospitalExcluded',
      [fed, org(2)],
    );
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'recordRound', [fed, roundInput(3)]),
      'FederationRegistryHospitalExcluded',
      [fed, org(2)],
    );
    await writeContract(chain.ctx, 'federationRegistry', 'recordRound', [
      fed,
      roundInput(3, {
        hospitals: [org(1), org(3)],
        updateDigests: [digest('u3-1'), digest('u3-3')],
        weightsBp: [5000, 5000],
        trustBp: [5600, 5500],
      }),
    ]);
    await expectRevert(
      writeContract(as(chain.ctx, otherGateway), 'federationRegistry', 'reinstateHospital', [
        fed,
        org(2),
        'fixed',
      ]),
      'AccessControlUnauthorizedAccount',
      [otherGateway.account.address, zeroHash],
    );
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'reinstateHospital', [fed, org(2), '']),
      'FederationRegistryInvalidReason',
      [0n],
    );
    const reinstated = await writeContract(chain.ctx, 'federationRegistry', 'reinstateHospital', [
      fed,
      org(2),
      'pipeline fixed, audited',
    ]);
    expect(eventsIn(reinstated, abi, 'HospitalReinstated')[0]?.args).toEqual({
      federationId: fed,
      orgId: org(2),
      reason: 'pipeline fixed, audited',
    });
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'reinstateHospital', [fed, org(2), 'again']),
      'FederationRegistryHospitalNotExcluded',
      [fed, org(2)],
    );
    await writeContract(chain.ctx, 'federationRegistry', 'recordRound', [fed, roundInput(4)]);
  });

  it('binds a federation to its coordinator and refuses non-gateways, duplicates and unknown ids', async () => {
    await expectRevert(
      writeContract(as(chain.ctx, otherGateway), 'federationRegistry', 'recordRound', [fed, roundInput(5)]),
      'FederationRegistryUnauthorizedCoordinator',
      [fed, chain.ledger.account.address, otherGateway.account.address],
    );
    await expectRevert(
      writeContract(as(chain.ctx, outsider), 'federationRegistry', 'createFederation', [
        id('fed-x'),
        task,
        digest('x'),
      ]),
      'AccessControlUnauthorizedAccount',
      [outsider.account.address, GATEWAY_ROLE],
    );
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'createFederation', [fed, task, digest('y')]),
      'FederationRegistryFederationExists',
      [fed],
    );
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'createFederation', [id('fed-z'), task, m(3)]),
      'FederationRegistryDuplicateModel',
      [m(3)],
    );
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'createFederation', [zeroHash, task, digest('z')]),
      'FederationRegistryZeroValue',
      [],
    );
    const unknown = id('fed-unknown');
    await expectRevert(
      readContract(chain.ctx, 'federationRegistry', 'getFederation', [unknown]),
      'FederationRegistryUnknownFederation',
      [unknown],
    );
    await expectRevert(
      readContract(chain.ctx, 'federationRegistry', 'getRound', [fed, 9]),
      'FederationRegistryUnknownRound',
      [fed, 9],
    );
    await expectRevert(
      readContract(chain.ctx, 'federationRegistry', 'findModel', [digest('nothing')]),
      'FederationRegistryUnknownModel',
      [digest('nothing')],
    );
    // A second gateway coordinates a federation of its own.
    const own = id('fed-own');
    await writeContract(as(chain.ctx, otherGateway), 'federationRegistry', 'createFederation', [
      own,
      task,
      digest('own-0'),
    ]);
    await expectRevert(
      writeContract(chain.ctx, 'federationRegistry', 'excludeHospital', [own, org(1), 0, 'no']),
      'FederationRegistryUnauthorizedCoordinator',
      [own, otherGateway.account.address, chain.ledger.account.address],
    );
  });
});
