import { keccak256, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChainContext,
  contractArtifacts,
  type Ledger,
  readContract,
  writeContract,
} from '../../src/ledger/index.ts';
import { eventsIn, expectRevert } from '../support/chainAssertions.ts';
import { id, publicKey } from '../support/ids.ts';
import { as, startDeployedChain, testChainKinds } from '../support/testChains.ts';

const abi = contractArtifacts.consortiumRegistry.abi;

describe.each(testChainKinds())('ConsortiumRegistry patient homes on %s', (kind) => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  let adminA: Ledger;
  let gwA: Ledger;
  let gwB: Ledger;
  let outsider: Ledger;
  const [orgA, orgB, orgC] = [id('hospital-a'), id('hospital-b'), id('hospital-c')];
  const write = (ctx: ChainContext, fn: string, args: readonly unknown[]) =>
    writeContract(ctx, 'consortiumRegistry', fn as never, args as never);
  const read = (fn: string, args: readonly unknown[]) =>
    readContract(chain.ctx, 'consortiumRegistry', fn as never, args as never) as Promise<unknown>;
  const registerDevice = (device: `0x${string}`, patient: `0x${string}`) =>
    writeContract(as(chain.ctx, adminA), 'deviceRegistry', 'registerDevice', [
      device,
      orgA,
      id('oximeter'),
      patient,
      publicKey(4),
    ]);

  beforeAll(async () => {
    chain = await startDeployedChain(kind);
    [adminA, gwA, gwB, outsider] = [
      await chain.newActor(),
      await chain.newActor(),
      await chain.newActor(),
      await chain.newActor(),
    ];
    for (const [org, admin] of [
      [orgA, adminA],
      [orgB, chain.ledger],
      [orgC, chain.ledger],
    ] as const) {
      await write(chain.ctx, 'admitHospital', [org, admin.account.address]);
    }
    await write(chain.ctx, 'addGateway', [id('gw-a'), orgA, gwA.account.address, 'https://a', publicKey(1)]);
    await write(chain.ctx, 'addGateway', [id('gw-b'), orgB, gwB.account.address, 'https://b', publicKey(2)]);
  });
  afterAll(() => chain?.stop());

  it("sets a patient's first home by the hospital's gateway, once", async () => {
    const patient = id('p-home-1');
    const receipt = await write(as(chain.ctx, gwA), 'setPatientHome', [patient, orgA]);
    expect(eventsIn(receipt, abi, 'PatientHomeSet')[0]?.args).toEqual({ patient, orgId: orgA });
    expect(await read('homeOf', [patient])).toBe(orgA);
    await expectRevert(
      write(as(chain.ctx, adminA), 'setPatientHome', [patient, orgA]),
      'ConsortiumRegistryPatientHomeExists',
      [patient, orgA],
    );
    // Another hospital's gateway cannot claim a home for hospital A, nor can an outsider.
    for (const actor of [gwB, outsider]) {
      await expectRevert(
        write(as(chain.ctx, actor), 'setPatientHome', [id('p-home-2'), orgA]),
        'ConsortiumRegistryUnauthorizedAccount',
        [orgA, actor.account.address],
      );
    }
    expect(await read('homeOf', [id('p-home-2')])).toBe(`0x${'0'.repeat(64)}`);
    expect(await read('homeHistory', [id('p-home-2')])).toEqual([]);
  });

  it('refuses a home at a suspended hospital', async () => {
    await write(chain.ctx, 'suspendHospital', [orgC, 'audit']);
    await expectRevert(
      write(chain.ctx, 'setPatientHome', [id('p-home-3'), orgC]),
      'ConsortiumRegistryHospitalNotActive',
      [orgC, 2],
    );
    await write(chain.ctx, 'reinstateHospital', [orgC, 'cleared']);
  });

  it('transfers a patient with their device: the device keeps its id, key and trust record, the old home stays in the history', async () => {
    const patient = id('p-move-1');
    const device = id('ox-move-1');
    const first = await write(as(chain.ctx, adminA), 'setPatientHome', [patient, orgA]);
    await registerDevice(device, patient);
    const digest = keccak256(toHex('evidence'));
    await writeContract(as(chain.ctx, gwA), 'trustRegistry', 'commitScores', [[device], [3100], [digest]]);
    await writeContract(as(chain.ctx, gwA), 'trustRegistry', 'quarantine', [device, 'biased SpO2']);
    const trustBefore = await readContract(chain.ctx, 'trustRegistry', 'getTrust', [device]);

    const moved = await write(as(chain.ctx, gwA), 'transferPatient', [patient, orgB, [device]]);
    expect(eventsIn(moved, abi, 'PatientTransferred')[0]?.args).toEqual({
      patient,
      fromOrgId: orgA,
      toOrgId: orgB,
    });
    expect(eventsIn(moved, contractArtifacts.deviceRegistry.abi, 'DeviceTransferred')[0]?.args).toEqual({
      deviceId: device,
      fromOrgId: orgA,
      toOrgId: orgB,
    });
    expect(await read('homeOf', [patient])).toBe(orgB);
    const history = (await read('homeHistory', [patient])) as { orgId: string; sinceBlock: bigint }[];
    expect(history.map((h) => [h.orgId, h.sinceBlock])).toEqual([
      [orgA, first.blockNumber],
      [orgB, moved.blockNumber],
    ]);
    expect(await readContract(chain.ctx, 'deviceRegistry', 'getDevice', [device])).toMatchObject({
      orgId: orgB,
      patient,
      publicKey: publicKey(4),
      keyVersion: 1,
      status: 1,
    });
    expect(await readContract(chain.ctx, 'trustRegistry', 'getTrust', [device])).toEqual(trustBefore);
    expect(trustBefore).toMatchObject({ score: 3100, evidenceDigest: digest, quarantined: true });

    // The patient now belongs to B: A's gateway can no longer move them; B's can, and so can the consortium admin.
    await expectRevert(
      write(as(chain.ctx, gwA), 'transferPatient', [patient, orgC, []]),
      'ConsortiumRegistryUnauthorizedAccount',
      [orgB, gwA.account.address],
    );
    await write(as(chain.ctx, gwB), 'transferPatient', [patient, orgC, []]);
    await write(chain.ctx, 'transferPatient', [patient, orgA, []]);
    expect(((await read('homeHistory', [patient])) as { orgId: string }[]).map((h) => h.orgId)).toEqual([
      orgA,
      orgB,
      orgC,
      orgA,
    ]);
  });

  it("refuses a transfer to the same home, without a home, to a suspended hospital, or with another patient's device", async () => {
    const patient = id('p-move-2');
    await write(as(chain.ctx, gwA), 'setPatientHome', [patient, orgA]);
    await expectRevert(
      write(as(chain.ctx, gwA), 'transferPatient', [patient, orgA, []]),
      'ConsortiumRegistrySameHome',
      [patient, orgA],
    );
    await expectRevert(
      write(as(chain.ctx, gwA), 'transferPatient', [id('p-nobody'), orgB, []]),
      'ConsortiumRegistryNoPatientHome',
      [id('p-nobody')],
    );
    await write(chain.ctx, 'suspendHospital', [orgC, 'audit']);
    await expectRevert(
      write(as(chain.ctx, gwA), 'transferPatient', [patient, orgC, []]),
      'ConsortiumRegistryHospitalNotActive',
      [orgC, 2],
    );
    await write(chain.ctx, 'reinstateHospital', [orgC, 'cleared']);
    const strangers = id('ox-other');
    await registerDevice(strangers, id('p-other'));
    for (const device of [strangers, id('ox-ghost')]) {
      await expectRevert(
        write(as(chain.ctx, gwA), 'transferPatient', [patient, orgB, [device]]),
        'ConsortiumRegistryDeviceNotWithPatient',
        [device, patient, orgA],
      );
    }
    expect(await read('homeOf', [patient])).toBe(orgA);
  });
});
