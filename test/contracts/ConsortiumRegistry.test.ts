import { statSync } from 'node:fs';
import { type Address, getAddress, type Hex, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChainContext,
  contractArtifacts,
  GATEWAY_ROLE,
  type Ledger,
  readContract,
  readGatewayRequestKey,
  writeContract,
} from '../../src/ledger/index.ts';
import { eventsIn, expectRevert } from '../support/chainAssertions.ts';
import { id, publicKey } from '../support/ids.ts';
import { as, startDeployedChain, testChainKinds } from '../support/testChains.ts';

const abi = contractArtifacts.consortiumRegistry.abi;
const gatedNames = [
  'dataAnchor',
  'trustRegistry',
  'consentRegistry',
  'auditLog',
  'modelRegistry',
  'federationRegistry',
] as const;
const Status = { Active: 1, Suspended: 2, Departed: 3 } as const;

describe.each(testChainKinds())('ConsortiumRegistry membership on %s', (kind) => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  let adminA: Ledger;
  let gwA: Ledger;
  let gwB: Ledger;
  let outsider: Ledger;
  const orgA = id('hospital-a');
  const orgB = id('hospital-b');
  const write = (ctx: ChainContext, fn: string, args: readonly unknown[]) =>
    writeContract(ctx, 'consortiumRegistry', fn as never, args as never);
  const read = (fn: string, args: readonly unknown[]) =>
    readContract(chain.ctx, 'consortiumRegistry', fn as never, args as never) as Promise<unknown>;
  const hasGatewayRole = async (account: Address) =>
    Promise.all(gatedNames.map((name) => readContract(chain.ctx, name, 'hasRole', [GATEWAY_ROLE, account])));
  const addGateway = (gatewayId: Hex, org: Hex, account: Address, key = publicKey(2)) =>
    write(chain.ctx, 'addGateway', [gatewayId, org, account, 'https://gw.example/vigil', key]);

  beforeAll(async () => {
    chain = await startDeployedChain(kind);
    adminA = await chain.newActor();
    gwA = await chain.newActor();
    gwB = await chain.newActor();
    outsider = await chain.newActor();
    await write(chain.ctx, 'admitHospital', [orgA, adminA.account.address]);
    await write(chain.ctx, 'admitHospital', [orgB, chain.ledger.account.address]);
    await addGateway(id('gw-a'), orgA, gwA.account.address);
    await addGateway(id('gw-b'), orgB, gwB.account.address);
  });
  afterAll(() => chain?.stop());

  it("deploys with the deployer admitted as its own hospital's gateway, holding the role everywhere gated", async () => {
    const deployer = chain.ledger.account.address;
    const key = readGatewayRequestKey(chain.ledger.chainDir);
    expect(key).toBeDefined();
    expect(statSync(key!.file).mode & 0o777).toBe(0o600);
    expect(await read('getGateway', [id('gateway-1')])).toMatchObject({
      orgId: id('hospital-1'),
      account: deployer,
      status: Status.Active,
      keyVersion: 1,
      requestKey: key!.publicKey,
      endpoint: 'http://127.0.0.1:8080',
    });
    expect(await read('isActiveGateway', [deployer])).toBe(true);
    expect(await read('gatedContracts', [])).toEqual(
      gatedNames.map((n) => getAddress(chain.ctx.deployment.contracts[n])),
    );
    expect(await hasGatewayRole(deployer)).toEqual(gatedNames.map(() => true));
  });

  describe('hospitals', () => {
    it('admits a hospital, registering its organisation and first admin in DeviceRegistry', async () => {
      const org = id('hospital-c');
      const receipt = await write(chain.ctx, 'admitHospital', [org, outsider.account.address]);
      expect(eventsIn(receipt, abi, 'HospitalAdmitted')[0]?.args).toEqual({
        orgId: org,
        admin: outsider.account.address,
      });
      expect(
        eventsIn(receipt, contractArtifacts.deviceRegistry.abi, 'OrganisationRegistered')[0]?.args,
      ).toEqual({ orgId: org, admin: outsider.account.address });
      expect(await read('getHospital', [org])).toMatchObject({ status: Status.Active });
      expect(await read('isActiveMember', [org])).toBe(true);
      expect(await read('hospitalIds', [])).toEqual([id('hospital-1'), orgA, orgB, org]);
    });

    it('admits an organisation DeviceRegistry already knows, adding the admin without registering it again', async () => {
      const org = id('hospital-legacy');
      await writeContract(chain.ctx, 'deviceRegistry', 'registerOrganisation', [org, adminA.account.address]);
      const receipt = await write(chain.ctx, 'admitHospital', [org, outsider.account.address]);
      const deviceAbi = contractArtifacts.deviceRegistry.abi;
      expect(eventsIn(receipt, deviceAbi, 'OrganisationRegistered')).toEqual([]);
      expect(eventsIn(receipt, deviceAbi, 'OrganisationAdminAdded')[0]?.args).toEqual({
        orgId: org,
        account: outsider.account.address,
      });
    });

    it('rejects a second admission, zero values and anyone but the consortium admin', async () => {
      await expectRevert(
        write(chain.ctx, 'admitHospital', [orgA, adminA.account.address]),
        'ConsortiumRegistryHospitalExists',
        [orgA],
      );
      await expectRevert(
        write(chain.ctx, 'admitHospital', [zeroHash, adminA.account.address]),
        'ConsortiumRegistryZeroValue',
        [],
      );
      await expectRevert(
        write(as(chain.ctx, adminA), 'admitHospital', [id('rogue'), adminA.account.address]),
        'AccessControlUnauthorizedAccount',
        [adminA.account.address, zeroHash],
      );
      await expectRevert(read('getHospital', [id('ghost')]), 'ConsortiumRegistryUnknownHospital', [
        id('ghost'),
      ]);
    });

    it('suspends a hospital (its gateways lose their roles) and reinstates it (they get them back)', async () => {
      const suspended = await write(chain.ctx, 'suspendHospital', [orgB, 'audit pending']);
      expect(eventsIn(suspended, abi, 'HospitalSuspended')[0]?.args).toEqual({
        orgId: orgB,
        reason: 'audit pending',
      });
      expect(await hasGatewayRole(gwB.account.address)).toEqual(gatedNames.map(() => false));
      expect(await read('isActiveGateway', [gwB.account.address])).toBe(false);
      // The gateway's own status is kept, so reinstating the hospital restores exactly its active gateways.
      expect(await read('getGateway', [id('gw-b')])).toMatchObject({ status: Status.Active });
      await expectRevert(
        addGateway(id('gw-b2'), orgB, outsider.account.address),
        'ConsortiumRegistryHospitalNotActive',
        [orgB, Status.Suspended],
      );
      await expectRevert(
        write(chain.ctx, 'suspendHospital', [orgB, 'again']),
        'ConsortiumRegistryHospitalNotActive',
        [orgB, Status.Suspended],
      );
      const reinstated = await write(chain.ctx, 'reinstateHospital', [orgB, 'audit passed']);
      expect(eventsIn(reinstated, abi, 'HospitalReinstated')[0]?.args).toEqual({
        orgId: orgB,
        reason: 'audit passed',
      });
      expect(await hasGatewayRole(gwB.account.address)).toEqual(gatedNames.map(() => true));
      await expectRevert(
        write(chain.ctx, 'reinstateHospital', [orgB, 'again']),
        'ConsortiumRegistryHospitalNotSuspended',
        [orgB, Status.Active],
      );
      await expectRevert(
        write(as(chain.ctx, gwB), 'suspendHospital', [orgA, 'rival']),
        'AccessControlUnauthorizedAccount',
        [gwB.account.address, zeroHash],
      );
      await expectRevert(write(chain.ctx, 'suspendHospital', [orgB, '']), 'ConsortiumRegistryInvalidReason', [
        0n,
      ]);
    });
  });

  describe('gateways', () => {
    it('adds a gateway with its endpoint and request key, granting it the role on every gated contract', async () => {
      const account = (await chain.newActor()).account.address;
      const receipt = await write(chain.ctx, 'addGateway', [
        id('gw-a2'),
        orgA,
        account,
        'https://a.example:8443/vigil',
        publicKey(5),
      ]);
      expect(eventsIn(receipt, abi, 'GatewayAdded')[0]?.args).toEqual({
        gatewayId: id('gw-a2'),
        orgId: orgA,
        account,
        endpoint: 'https://a.example:8443/vigil',
        requestKey: publicKey(5),
      });
      expect(await hasGatewayRole(account)).toEqual(gatedNames.map(() => true));
      expect(await read('gatewayIdOf', [account])).toBe(id('gw-a2'));
      expect(await read('gatewaysOf', [orgA])).toEqual([id('gw-a'), id('gw-a2')]);
      expect(await read('getGateway', [id('gw-a2')])).toMatchObject({
        orgId: orgA,
        account,
        status: Status.Active,
        keyVersion: 1,
        requestKey: publicKey(5),
        endpoint: 'https://a.example:8443/vigil',
      });
    });

    it('rejects unknown hospitals, reused ids and accounts, bad keys and endpoints, and non-admins', async () => {
      const fresh = (await chain.newActor()).account.address;
      await expectRevert(addGateway(id('gw-x'), id('ghost'), fresh), 'ConsortiumRegistryUnknownHospital', [
        id('ghost'),
      ]);
      await expectRevert(addGateway(id('gw-a'), orgA, fresh), 'ConsortiumRegistryGatewayExists', [
        id('gw-a'),
      ]);
      await expectRevert(
        addGateway(id('gw-x'), orgA, gwA.account.address),
        'ConsortiumRegistryAccountInUse',
        [gwA.account.address, id('gw-a')],
      );
      await expectRevert(
        addGateway(id('gw-x'), orgA, fresh, `0x04${'11'.repeat(63)}`),
        'ConsortiumRegistryInvalidRequestKey',
        [64n],
      );
      await expectRevert(
        addGateway(id('gw-x'), orgA, fresh, `0x03${'11'.repeat(64)}`),
        'ConsortiumRegistryInvalidRequestKey',
        [65n],
      );
      for (const endpoint of ['', `https://${'a'.repeat(250)}`]) {
        await expectRevert(
          write(chain.ctx, 'addGateway', [id('gw-x'), orgA, fresh, endpoint, publicKey(3)]),
          'ConsortiumRegistryInvalidEndpoint',
          [BigInt(Buffer.byteLength(endpoint))],
        );
      }
      // Even the hospital's own admin cannot: a gateway writes consent and trust consortium-wide.
      await expectRevert(
        write(as(chain.ctx, adminA), 'addGateway', [id('gw-x'), orgA, fresh, 'https://x', publicKey(3)]),
        'AccessControlUnauthorizedAccount',
        [adminA.account.address, zeroHash],
      );
      await expectRevert(read('getGateway', [id('gw-x')]), 'ConsortiumRegistryUnknownGateway', [id('gw-x')]);
    });

    it('rotates a request key (by the gateway itself or its hospital admin) and changes an endpoint', async () => {
      const byItself = await write(as(chain.ctx, gwA), 'rotateGatewayKey', [id('gw-a'), publicKey(6)]);
      expect(eventsIn(byItself, abi, 'GatewayKeyRotated')[0]?.args).toEqual({
        gatewayId: id('gw-a'),
        orgId: orgA,
        requestKey: publicKey(6),
        keyVersion: 2,
      });
      const byAdmin = await write(as(chain.ctx, adminA), 'rotateGatewayKey', [id('gw-a'), publicKey(7)]);
      expect(eventsIn(byAdmin, abi, 'GatewayKeyRotated')[0]?.args).toMatchObject({ keyVersion: 3 });
      expect(await read('getGateway', [id('gw-a')])).toMatchObject({
        requestKey: publicKey(7),
        keyVersion: 3,
      });
      const moved = await write(as(chain.ctx, gwA), 'setGatewayEndpoint', [id('gw-a'), 'https://a2.example']);
      expect(eventsIn(moved, abi, 'GatewayEndpointChanged')[0]?.args).toEqual({
        gatewayId: id('gw-a'),
        orgId: orgA,
        endpoint: 'https://a2.example',
      });
      // Another hospital's gateway, or an outsider, may not touch it.
      for (const actor of [gwB, outsider]) {
        await expectRevert(
          write(as(chain.ctx, actor), 'rotateGatewayKey', [id('gw-a'), publicKey(8)]),
          'ConsortiumRegistryUnauthorizedAccount',
          [orgA, actor.account.address],
        );
        await expectRevert(
          write(as(chain.ctx, actor), 'setGatewayEndpoint', [id('gw-a'), 'https://evil.example']),
          'ConsortiumRegistryUnauthorizedAccount',
          [orgA, actor.account.address],
        );
      }
    });

    it('lets a hospital admin suspend its gateway; only the consortium admin reinstates it', async () => {
      const suspended = await write(as(chain.ctx, adminA), 'suspendGateway', [id('gw-a'), 'key leaked']);
      expect(eventsIn(suspended, abi, 'GatewaySuspended')[0]?.args).toEqual({
        gatewayId: id('gw-a'),
        orgId: orgA,
        reason: 'key leaked',
      });
      expect(await hasGatewayRole(gwA.account.address)).toEqual(gatedNames.map(() => false));
      // A suspended gateway can no longer manage itself; its hospital admin still can (a new key first).
      await expectRevert(
        write(as(chain.ctx, gwA), 'rotateGatewayKey', [id('gw-a'), publicKey(9)]),
        'ConsortiumRegistryUnauthorizedAccount',
        [orgA, gwA.account.address],
      );
      await write(as(chain.ctx, adminA), 'rotateGatewayKey', [id('gw-a'), publicKey(9)]);
      await expectRevert(
        write(as(chain.ctx, adminA), 'suspendGateway', [id('gw-a'), 'again']),
        'ConsortiumRegistryGatewayNotActive',
        [id('gw-a'), Status.Suspended],
      );
      await expectRevert(
        write(as(chain.ctx, adminA), 'reinstateGateway', [id('gw-a'), 'fixed']),
        'AccessControlUnauthorizedAccount',
        [adminA.account.address, zeroHash],
      );
      await expectRevert(
        write(as(chain.ctx, gwB), 'suspendGateway', [id('gw-a'), 'rival']),
        'ConsortiumRegistryUnauthorizedAccount',
        [orgA, gwB.account.address],
      );
      const reinstated = await write(chain.ctx, 'reinstateGateway', [id('gw-a'), 'key replaced']);
      expect(eventsIn(reinstated, abi, 'GatewayReinstated')[0]?.args).toEqual({
        gatewayId: id('gw-a'),
        orgId: orgA,
        reason: 'key replaced',
      });
      expect(await hasGatewayRole(gwA.account.address)).toEqual(gatedNames.map(() => true));
      await expectRevert(
        write(chain.ctx, 'reinstateGateway', [id('gw-a'), 'again']),
        'ConsortiumRegistryGatewayNotSuspended',
        [id('gw-a'), Status.Active],
      );
    });

    it('retires a departed gateway for good: no role, no changes, id and account never reused', async () => {
      const actor = await chain.newActor();
      await addGateway(id('gw-old'), orgA, actor.account.address);
      const departed = await write(as(chain.ctx, adminA), 'departGateway', [id('gw-old'), 'decommissioned']);
      expect(eventsIn(departed, abi, 'GatewayDeparted')[0]?.args).toEqual({
        gatewayId: id('gw-old'),
        orgId: orgA,
        reason: 'decommissioned',
      });
      expect(await hasGatewayRole(actor.account.address)).toEqual(gatedNames.map(() => false));
      for (const [fn, args] of [
        ['rotateGatewayKey', [id('gw-old'), publicKey(4)]],
        ['setGatewayEndpoint', [id('gw-old'), 'https://x']],
        ['departGateway', [id('gw-old'), 'again']],
      ] as const) {
        await expectRevert(write(chain.ctx, fn, args), 'ConsortiumRegistryGatewayDeparted', [id('gw-old')]);
      }
      await expectRevert(
        write(chain.ctx, 'reinstateGateway', [id('gw-old'), 'back']),
        'ConsortiumRegistryGatewayNotSuspended',
        [id('gw-old'), Status.Departed],
      );
      await expectRevert(
        addGateway(id('gw-old'), orgA, outsider.account.address),
        'ConsortiumRegistryGatewayExists',
        [id('gw-old')],
      );
      await expectRevert(
        addGateway(id('gw-new'), orgA, actor.account.address),
        'ConsortiumRegistryAccountInUse',
        [actor.account.address, id('gw-old')],
      );
    });

    it('gates a contract added later, granting the role to the gateways active at that moment', async () => {
      const ledger = chain.ledger;
      const artifact = contractArtifacts.modelRegistry;
      const hash = await ledger.walletClient.deployContract({
        abi: artifact.abi,
        bytecode: artifact.bytecode,
        args: [ledger.account.address],
      });
      const target = getAddress(
        (await ledger.publicClient.waitForTransactionReceipt({ hash })).contractAddress!,
      );
      const registry = chain.ctx.deployment.contracts.consortiumRegistry;
      await expectRevert(
        write(chain.ctx, 'addGatedContracts', [[target]]),
        'ConsortiumRegistryNotContractAdmin',
        [target],
      );
      const other = {
        ...chain.ctx,
        deployment: {
          ...chain.ctx.deployment,
          contracts: { ...chain.ctx.deployment.contracts, modelRegistry: target },
        },
      };
      await writeContract(other, 'modelRegistry', 'grantRole', [zeroHash, registry]);
      await write(as(chain.ctx, adminA), 'suspendGateway', [id('gw-a'), 'maintenance']);
      const receipt = await write(chain.ctx, 'addGatedContracts', [[target]]);
      expect(eventsIn(receipt, abi, 'GatedContractAdded')[0]?.args).toEqual({ target });
      const holds = (account: Address) =>
        readContract(other, 'modelRegistry', 'hasRole', [GATEWAY_ROLE, account]);
      expect(await holds(gwB.account.address)).toBe(true);
      expect(await holds(chain.ledger.account.address)).toBe(true);
      expect(await holds(gwA.account.address)).toBe(false);
      await write(chain.ctx, 'reinstateGateway', [id('gw-a'), 'done']);
      expect(await holds(gwA.account.address)).toBe(true);
      await expectRevert(
        write(chain.ctx, 'addGatedContracts', [[chain.ctx.deployment.contracts.dataAnchor]]),
        'ConsortiumRegistryGatedContractExists',
        [getAddress(chain.ctx.deployment.contracts.dataAnchor)],
      );
    });

    it('departs a whole hospital when its admin leaves: every gateway departs with it', async () => {
      const org = id('hospital-d');
      const [admin, g1, g2] = [await chain.newActor(), await chain.newActor(), await chain.newActor()];
      await write(chain.ctx, 'admitHospital', [org, admin.account.address]);
      await addGateway(id('gw-d1'), org, g1.account.address);
      await addGateway(id('gw-d2'), org, g2.account.address);
      await write(as(chain.ctx, admin), 'suspendGateway', [id('gw-d2'), 'spare']);
      await expectRevert(
        write(as(chain.ctx, adminA), 'departHospital', [org, 'hostile']),
        'ConsortiumRegistryUnauthorizedAccount',
        [org, adminA.account.address],
      );
      const receipt = await write(as(chain.ctx, admin), 'departHospital', [org, 'merged']);
      expect(eventsIn(receipt, abi, 'GatewayDeparted').map((e) => e.args)).toEqual([
        { gatewayId: id('gw-d1'), orgId: org, reason: 'merged' },
        { gatewayId: id('gw-d2'), orgId: org, reason: 'merged' },
      ]);
      expect(eventsIn(receipt, abi, 'HospitalDeparted')[0]?.args).toEqual({ orgId: org, reason: 'merged' });
      for (const g of [g1, g2]) {
        expect(await hasGatewayRole(g.account.address)).toEqual(gatedNames.map(() => false));
      }
      expect(await read('getHospital', [org])).toMatchObject({ status: Status.Departed });
      await expectRevert(
        write(chain.ctx, 'departHospital', [org, 'again']),
        'ConsortiumRegistryHospitalDeparted',
        [org],
      );
      await expectRevert(
        write(chain.ctx, 'reinstateHospital', [org, 'back']),
        'ConsortiumRegistryHospitalNotSuspended',
        [org, Status.Departed],
      );
      await expectRevert(
        write(chain.ctx, 'admitHospital', [org, admin.account.address]),
        'ConsortiumRegistryHospitalExists',
        [org],
      );
    });
  });
});
