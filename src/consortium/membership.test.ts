import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectedCode } from '../../test/support/errorCode.ts';
import { as, startDeployedChain, testChainKinds } from '../../test/support/testChains.ts';
import { exportPublicKeySec1, generateDeviceKeyPair, toBytes32Id } from '../identity/index.ts';
import {
  type Ledger,
  readGatewayRequestKey,
  stageGatewayRequestKey,
  writeContract,
} from '../ledger/index.ts';
import {
  addGateway,
  admitHospital,
  describeLocalGateway,
  getGateway,
  getPatientHome,
  listConsortium,
  rotateGatewayKey,
  setGatewayStatus,
  setHospitalStatus,
  setPatientHome,
  transferPatient,
} from './index.ts';

const newKey = () => exportPublicKeySec1(generateDeviceKeyPair().publicKey);

describe.each(testChainKinds())('consortium membership operations on %s', (kind) => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  let adminB: Ledger;
  let gwB: Ledger;
  const keyB = newKey();

  beforeAll(async () => {
    chain = await startDeployedChain(kind);
    adminB = await chain.newActor();
    gwB = await chain.newActor();
    await admitHospital(chain.ctx, { orgId: 'hospital-b', admin: adminB.account.address });
    await addGateway(chain.ctx, {
      gatewayId: 'gw-b',
      orgId: 'hospital-b',
      account: gwB.account.address,
      endpoint: 'https://b.example/vigil/',
      requestKey: keyB,
    });
  });
  afterAll(() => chain?.stop());

  it('lists every hospital with its gateways, and which gateway this signer is', async () => {
    const listing = await listConsortium(chain.ctx);
    expect(listing.self).toBe('gateway-1');
    expect(listing.gatedContracts).toHaveLength(6);
    expect(listing.hospitals.map((h) => [h.orgId, h.status, h.gateways.map((g) => g.gatewayId)])).toEqual([
      ['hospital-1', 'active', ['gateway-1']],
      ['hospital-b', 'active', ['gw-b']],
    ]);
    expect(listing.hospitals[1]!.gateways[0]).toMatchObject({
      orgId: 'hospital-b',
      account: gwB.account.address,
      endpoint: 'https://b.example/vigil',
      keyVersion: 1,
      status: 'active',
      active: true,
    });
    expect(Buffer.from(listing.hospitals[1]!.gateways[0]!.requestKey)).toEqual(Buffer.from(keyB));
  });

  it('refuses a request key off the curve before sending anything', async () => {
    const offCurve = new Uint8Array(65).fill(1);
    offCurve[0] = 4;
    const account = (await chain.newActor()).account.address;
    const before = await chain.ledger.publicClient.getBlockNumber({ cacheTime: 0 });
    expect(
      await rejectedCode(
        addGateway(chain.ctx, {
          gatewayId: 'gw-bad',
          orgId: 'hospital-b',
          account,
          endpoint: 'https://x.example',
          requestKey: offCurve,
        }),
      ),
    ).toBe('VIGIL_KEY_INVALID');
    expect(await chain.ledger.publicClient.getBlockNumber({ cacheTime: 0 })).toBe(before);
  });

  it("rotates this gateway's own key in its data directory, the new private key at mode 0600", async () => {
    const before = readGatewayRequestKey(chain.ledger.chainDir)!;
    const rotated = await rotateGatewayKey(chain.ctx, { gatewayId: 'gateway-1' });
    expect(rotated).toMatchObject({ keyVersion: 2, recovered: false, keyFile: before.file });
    const after = readGatewayRequestKey(chain.ledger.chainDir)!;
    expect(after.publicKey).not.toBe(before.publicKey);
    expect(statSync(after.file).mode & 0o777).toBe(0o600);
    expect(await describeLocalGateway(chain.ctx)).toMatchObject({
      account: chain.ledger.account.address,
      keyMatchesChain: true,
      gateway: { gatewayId: 'gateway-1', keyVersion: 2 },
    });
  });

  it("refuses to generate another gateway's key here, leaving this gateway's key alone", async () => {
    const before = readFileSync(readGatewayRequestKey(chain.ledger.chainDir)!.file, 'utf8');
    expect(await rejectedCode(rotateGatewayKey(chain.ctx, { gatewayId: 'gw-b' }))).toBe(
      'VIGIL_CONSORTIUM_NOT_A_GATEWAY',
    );
    expect(readFileSync(readGatewayRequestKey(chain.ledger.chainDir)!.file, 'utf8')).toBe(before);
    // Given the public key (generated on that gateway), its hospital admin may rotate it.
    const given = newKey();
    const rotated = await rotateGatewayKey(as(chain.ctx, adminB), { gatewayId: 'gw-b', requestKey: given });
    expect(rotated.keyVersion).toBe(2);
    expect(Buffer.from((await getGateway(chain.ctx, 'gw-b')).requestKey)).toEqual(Buffer.from(given));
  });

  it('finishes a rotation that reached the chain but not the disk', async () => {
    const staged = stageGatewayRequestKey(chain.ledger.chainDir);
    await writeContract(chain.ctx, 'consortiumRegistry', 'rotateGatewayKey', [
      toBytes32Id('gateway-1'),
      staged.publicKey,
    ]);
    expect((await describeLocalGateway(chain.ctx)).keyMatchesChain).toBe(false);
    const finished = await rotateGatewayKey(chain.ctx, { gatewayId: 'gateway-1' });
    expect(finished).toMatchObject({ recovered: true, keyVersion: 3 });
    expect(readGatewayRequestKey(chain.ledger.chainDir)!.publicKey).toBe(staged.publicKey);
    expect((await describeLocalGateway(chain.ctx)).keyMatchesChain).toBe(true);
  });

  it('reports a gateway inactive while it or its hospital is suspended', async () => {
    await setGatewayStatus(as(chain.ctx, adminB), {
      gatewayId: 'gw-b',
      action: 'suspend',
      reason: 'maintenance',
    });
    expect(await getGateway(chain.ctx, 'gw-b')).toMatchObject({ status: 'suspended', active: false });
    await setGatewayStatus(chain.ctx, { gatewayId: 'gw-b', action: 'reinstate', reason: 'done' });
    await setHospitalStatus(chain.ctx, { orgId: 'hospital-b', action: 'suspend', reason: 'audit' });
    expect(await getGateway(chain.ctx, 'gw-b')).toMatchObject({ status: 'active', active: false });
    await setHospitalStatus(chain.ctx, { orgId: 'hospital-b', action: 'reinstate', reason: 'passed' });
    expect(await getGateway(chain.ctx, 'gw-b')).toMatchObject({ status: 'active', active: true });
    expect(await rejectedCode(getGateway(chain.ctx, 'gw-none'))).toBe(
      'VIGIL_CHAIN_CONSORTIUM_REGISTRY_UNKNOWN_GATEWAY',
    );
    expect(
      await rejectedCode(
        setHospitalStatus(as(chain.ctx, gwB), { orgId: 'hospital-1', action: 'suspend', reason: 'x' }),
      ),
    ).toBe('VIGIL_CHAIN_ACCESS_CONTROL_UNAUTHORIZED_ACCOUNT');
  });

  it("keeps a patient's home history across a transfer", async () => {
    expect(await getPatientHome(chain.ctx, 'p-9')).toEqual({ patient: 'p-9', home: null, history: [] });
    const set = await setPatientHome(chain.ctx, { patient: 'p-9', orgId: 'hospital-1' });
    const moved = await transferPatient(chain.ctx, { patient: 'p-9', toOrgId: 'hospital-b' });
    const home = await getPatientHome(chain.ctx, 'p-9');
    expect(home.home).toBe('hospital-b');
    expect(home.history.map((h) => [h.orgId, h.sinceBlock])).toEqual([
      ['hospital-1', set.blockNumber],
      ['hospital-b', moved.blockNumber],
    ]);
    expect(await rejectedCode(transferPatient(chain.ctx, { patient: 'p-9', toOrgId: 'hospital-b' }))).toBe(
      'VIGIL_CHAIN_CONSORTIUM_REGISTRY_SAME_HOME',
    );
  });
});
