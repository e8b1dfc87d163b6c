import { zeroAddress, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractArtifacts, type Ledger, readContract, writeContract } from '../../src/ledger/index.ts';
import { eventsIn, expectRevert } from '../support/chainAssertions.ts';
import { id, publicKey } from '../support/ids.ts';
import { as, startDeployedChain, testChainKinds } from '../support/testChains.ts';

const abi = contractArtifacts.deviceRegistry.abi;

describe.each(testChainKinds())('DeviceRegistry on %s', (kind) => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  let orgAdmin: Ledger;
  let outsider: Ledger;
  const org = id('hospital-a');

  beforeAll(async () => {
    chain = await startDeployedChain(kind);
    orgAdmin = await chain.newActor();
    outsider = await chain.newActor();
    await writeContract(chain.ctx, 'deviceRegistry', 'registerOrganisation', [org, orgAdmin.account.address]);
  });
  afterAll(() => chain?.stop());

  describe('registerOrganisation', () => {
    it('registers an organisation with its first admin and emits both events', async () => {
      const orgB = id('hospital-b');
      const receipt = await writeContract(chain.ctx, 'deviceRegistry', 'registerOrganisation', [
        orgB,
        outsider.account.address,
      ]);
      expect(eventsIn(receipt, abi, 'OrganisationRegistered')[0]?.args).toEqual({
        orgId: orgB,
        admin: outsider.account.address,
      });
      expect(eventsIn(receipt, abi, 'OrganisationAdminAdded')[0]?.args).toEqual({
        orgId: orgB,
        account: outsider.account.address,
      });
      expect(await readContract(chain.ctx, 'deviceRegistry', 'isOrganisation', [orgB])).toBe(true);
      expect(
        await readContract(chain.ctx, 'deviceRegistry', 'isOrganisationAdmin', [
          orgB,
          outsider.account.address,
        ]),
      ).toBe(true);
    });

    it('rejects a duplicate organisation', async () => {
      await expectRevert(
        writeContract(chain.ctx, 'deviceRegistry', 'registerOrganisation', [org, orgAdmin.account.address]),
        'DeviceRegistryOrganisationExists',
        [org],
      );
    });

    it('rejects zero values', async () => {
      await expectRevert(
        writeContract(chain.ctx, 'deviceRegistry', 'registerOrganisation', [
          zeroHash,
          orgAdmin.account.address,
        ]),
        'DeviceRegistryZeroValue',
        [],
      );
      await expectRevert(
        writeContract(chain.ctx, 'deviceRegistry', 'registerOrganisation', [id('hospital-z'), zeroAddress]),
        'DeviceRegistryZeroValue',
      );
    });

    it('is reserved to the consortium admin', async () => {
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'registerOrganisation', [
          id('rogue'),
          zeroAddress,
        ]),
        'AccessControlUnauthorizedAccount',
        [orgAdmin.account.address, zeroHash],
      );
    });
  });

  describe('organisation admins', () => {
    it('lets an organisation admin add and remove another admin', async () => {
      const extra = await chain.newActor();
      const added = await writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'addOrganisationAdmin', [
        org,
        extra.account.address,
      ]);
      expect(eventsIn(added, abi, 'OrganisationAdminAdded')[0]?.args).toEqual({
        orgId: org,
        account: extra.account.address,
      });
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'addOrganisationAdmin', [
          org,
          extra.account.address,
        ]),
        'DeviceRegistryAdminUnchanged',
        [org, extra.account.address],
      );
      const removed = await writeContract(
        as(chain.ctx, orgAdmin),
        'deviceRegistry',
        'removeOrganisationAdmin',
        [org, extra.account.address],
      );
      expect(eventsIn(removed, abi, 'OrganisationAdminRemoved')[0]?.args).toEqual({
        orgId: org,
        account: extra.account.address,
      });
      expect(
        await readContract(chain.ctx, 'deviceRegistry', 'isOrganisationAdmin', [org, extra.account.address]),
      ).toBe(false);
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'removeOrganisationAdmin', [
          org,
          extra.account.address,
        ]),
        'DeviceRegistryAdminUnchanged',
        [org, extra.account.address],
      );
    });

    it('refuses outsiders, unknown organisations and the zero address', async () => {
      await expectRevert(
        writeContract(as(chain.ctx, outsider), 'deviceRegistry', 'addOrganisationAdmin', [
          org,
          outsider.account.address,
        ]),
        'DeviceRegistryUnauthorizedAccount',
        [org, outsider.account.address],
      );
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'addOrganisationAdmin', [
          id('nowhere'),
          zeroAddress,
        ]),
        'DeviceRegistryUnknownOrganisation',
        [id('nowhere')],
      );
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'addOrganisationAdmin', [org, zeroAddress]),
        'DeviceRegistryZeroValue',
      );
    });
  });

  describe('devices', () => {
    const kindId = id('pulse-oximeter');
    const patient = id('p-0001');

    it('registers a device and returns its record', async () => {
      const device = id('dev-1');
      const receipt = await writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'registerDevice', [
        device,
        org,
        kindId,
        patient,
        publicKey(1),
      ]);
      expect(eventsIn(receipt, abi, 'DeviceRegistered')[0]?.args).toEqual({
        deviceId: device,
        orgId: org,
        kind: kindId,
        patient,
        publicKey: publicKey(1),
      });
      const record = await readContract(chain.ctx, 'deviceRegistry', 'getDevice', [device]);
      expect(record).toMatchObject({
        orgId: org,
        kind: kindId,
        patient,
        publicKey: publicKey(1),
        keyVersion: 1,
        status: 1,
      });
      expect(record.registeredAt).toBeGreaterThan(0n);
      expect(await readContract(chain.ctx, 'deviceRegistry', 'isActive', [device])).toBe(true);
    });

    it('rejects a reused id, a malformed key, zero values, unknown organisations and outsiders', async () => {
      const device = id('dev-2');
      await writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'registerDevice', [
        device,
        org,
        kindId,
        patient,
        publicKey(2),
      ]);
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'registerDevice', [
          device,
          org,
          kindId,
          patient,
          publicKey(2),
        ]),
        'DeviceRegistryDeviceExists',
        [device],
      );
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'registerDevice', [
          id('dev-x'),
          org,
          kindId,
          patient,
          '0x0401',
        ]),
        'DeviceRegistryInvalidPublicKey',
        [2n],
      );
      const compressedPrefix = `0x02${'11'.repeat(64)}` as const;
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'registerDevice', [
          id('dev-x'),
          org,
          kindId,
          patient,
          compressedPrefix,
        ]),
        'DeviceRegistryInvalidPublicKey',
        [65n],
      );
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'registerDevice', [
          id('dev-x'),
          org,
          kindId,
          zeroHash,
          publicKey(3),
        ]),
        'DeviceRegistryZeroValue',
      );
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'registerDevice', [
          id('dev-x'),
          id('nowhere'),
          kindId,
          patient,
          publicKey(3),
        ]),
        'DeviceRegistryUnknownOrganisation',
        [id('nowhere')],
      );
      await expectRevert(
        writeContract(as(chain.ctx, outsider), 'deviceRegistry', 'registerDevice', [
          id('dev-x'),
          org,
          kindId,
          patient,
          publicKey(3),
        ]),
        'DeviceRegistryUnauthorizedAccount',
        [org, outsider.account.address],
      );
    });

    it('rotates a key, bumping the key version', async () => {
      const device = id('dev-3');
      await writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'registerDevice', [
        device,
        org,
        kindId,
        patient,
        publicKey(4),
      ]);
      const receipt = await writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'rotateDeviceKey', [
        device,
        publicKey(5),
      ]);
      expect(eventsIn(receipt, abi, 'DeviceKeyRotated')[0]?.args).toEqual({
        deviceId: device,
        orgId: org,
        publicKey: publicKey(5),
        keyVersion: 2,
      });
      expect(await readContract(chain.ctx, 'deviceRegistry', 'getDevice', [device])).toMatchObject({
        publicKey: publicKey(5),
        keyVersion: 2,
      });
      await expectRevert(
        writeContract(as(chain.ctx, outsider), 'deviceRegistry', 'rotateDeviceKey', [device, publicKey(6)]),
        'DeviceRegistryUnauthorizedAccount',
        [org, outsider.account.address],
      );
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'rotateDeviceKey', [device, '0x04']),
        'DeviceRegistryInvalidPublicKey',
        [1n],
      );
    });

    it('revokes a device for good', async () => {
      const device = id('dev-4');
      await writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'registerDevice', [
        device,
        org,
        kindId,
        patient,
        publicKey(7),
      ]);
      await expectRevert(
        writeContract(as(chain.ctx, outsider), 'deviceRegistry', 'revokeDevice', [device]),
        'DeviceRegistryUnauthorizedAccount',
        [org, outsider.account.address],
      );
      const receipt = await writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'revokeDevice', [
        device,
      ]);
      expect(eventsIn(receipt, abi, 'DeviceRevoked')[0]?.args).toEqual({ deviceId: device, orgId: org });
      expect(await readContract(chain.ctx, 'deviceRegistry', 'isActive', [device])).toBe(false);
      expect((await readContract(chain.ctx, 'deviceRegistry', 'getDevice', [device])).status).toBe(2);
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'revokeDevice', [device]),
        'DeviceRegistryDeviceRevoked',
        [device],
      );
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'rotateDeviceKey', [device, publicKey(8)]),
        'DeviceRegistryDeviceRevoked',
        [device],
      );
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'registerDevice', [
          device,
          org,
          kindId,
          patient,
          publicKey(7),
        ]),
        'DeviceRegistryDeviceExists',
        [device],
      );
    });

    it('lets the consortium admin act for any organisation', async () => {
      const device = id('dev-5');
      await writeContract(chain.ctx, 'deviceRegistry', 'registerDevice', [
        device,
        org,
        kindId,
        patient,
        publicKey(9),
      ]);
      await writeContract(chain.ctx, 'deviceRegistry', 'revokeDevice', [device]);
      expect(await readContract(chain.ctx, 'deviceRegistry', 'isActive', [device])).toBe(false);
    });

    it('reports unknown devices', async () => {
      await expectRevert(
        readContract(chain.ctx, 'deviceRegistry', 'getDevice', [id('ghost')]),
        'DeviceRegistryUnknownDevice',
        [id('ghost')],
      );
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'revokeDevice', [id('ghost')]),
        'DeviceRegistryUnknownDevice',
        [id('ghost')],
      );
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'rotateDeviceKey', [
          id('ghost'),
          publicKey(1),
        ]),
        'DeviceRegistryUnknownDevice',
        [id('ghost')],
      );
    });
  });

  describe('transferDevice', () => {
    const patient = id('p-0002');
    const orgC = id('hospital-c');
    const register = (device: `0x${string}`) =>
      writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'registerDevice', [
        device,
        org,
        id('monitor'),
        patient,
        publicKey(7),
      ]);

    beforeAll(async () => {
      await writeContract(chain.ctx, 'deviceRegistry', 'registerOrganisation', [
        orgC,
        outsider.account.address,
      ]);
    });

    it('moves a device to another organisation, keeping its id, key, version and patient', async () => {
      const device = id('dev-move-1');
      await register(device);
      await writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'rotateDeviceKey', [
        device,
        publicKey(8),
      ]);
      const receipt = await writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'transferDevice', [
        device,
        orgC,
      ]);
      expect(eventsIn(receipt, abi, 'DeviceTransferred')[0]?.args).toEqual({
        deviceId: device,
        fromOrgId: org,
        toOrgId: orgC,
      });
      expect(await readContract(chain.ctx, 'deviceRegistry', 'getDevice', [device])).toMatchObject({
        orgId: orgC,
        patient,
        publicKey: publicKey(8),
        keyVersion: 2,
        status: 1,
      });
      // The new organisation administers it from now on; the old one no longer does.
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'revokeDevice', [device]),
        'DeviceRegistryUnauthorizedAccount',
        [orgC, orgAdmin.account.address],
      );
      await writeContract(as(chain.ctx, outsider), 'deviceRegistry', 'revokeDevice', [device]);
    });

    it('rejects an unknown or the same organisation, a stranger and a revoked device', async () => {
      const device = id('dev-move-2');
      await register(device);
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'transferDevice', [device, id('nowhere')]),
        'DeviceRegistryUnknownOrganisation',
        [id('nowhere')],
      );
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'transferDevice', [device, org]),
        'DeviceRegistrySameOrganisation',
        [device, org],
      );
      await expectRevert(
        writeContract(as(chain.ctx, outsider), 'deviceRegistry', 'transferDevice', [device, orgC]),
        'DeviceRegistryUnauthorizedAccount',
        [org, outsider.account.address],
      );
      await writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'revokeDevice', [device]);
      await expectRevert(
        writeContract(as(chain.ctx, orgAdmin), 'deviceRegistry', 'transferDevice', [device, orgC]),
        'DeviceRegistryDeviceRevoked',
        [device],
      );
    });
  });
});
