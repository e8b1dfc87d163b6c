import { keccak256, toHex, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMerkleTree,
  buildProofDocument,
  leafHashOfReading,
  toHex32,
  verifyProofOnChain,
} from '../../src/integrity/index.ts';
import { makeSignedReadings } from '../../src/integrity/testing/fixtures.ts';
import { GATEWAY_ROLE, type Ledger, readContract, writeContract } from '../../src/ledger/index.ts';
import { expectRevert } from '../support/chainAssertions.ts';
import { id, publicKey } from '../support/ids.ts';
import { as, startDeployedChain, testChainKinds } from '../support/testChains.ts';

/**
 * What suspension and departure take away (anchoring readings and audit batches, writing trust and
 * consent) and what they leave (everything anchored before, verifiable against the chain alone).
 */
describe.each(testChainKinds())('a suspended or departed gateway on %s', (kind) => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  let gateway: Ledger;
  const org = id('hospital-a');
  const gatewayId = 'gw-a';
  const readings = makeSignedReadings(5, 'ox-a1');
  const tree = buildMerkleTree(readings.map((r) => leafHashOfReading(r)));
  const root = toHex32(tree.root);
  let proof: ReturnType<typeof buildProofDocument>;

  /** Every write a gateway makes, each with the revert it gets without GATEWAY_ROLE. */
  const expectAllRefused = async (actor: Ledger, seq: bigint) => {
    const ctx = as(chain.ctx, actor);
    const role = [actor.account.address, GATEWAY_ROLE];
    const anchor = [id(gatewayId), seq, keccak256(toHex(`r${seq}`)), root, 1] as const;
    await expectRevert(
      writeContract(ctx, 'dataAnchor', 'anchorBatch', anchor),
      'AccessControlUnauthorizedAccount',
      role,
    );
    const audit = [id(gatewayId), 0n, keccak256(toHex('audit')), zeroHash, 1] as const;
    await expectRevert(
      writeContract(ctx, 'auditLog', 'anchorAuditBatch', audit),
      'AccessControlUnauthorizedAccount',
      role,
    );
    const quarantine = [id('ox-b9'), 'rival hospital'] as const;
    await expectRevert(
      writeContract(ctx, 'trustRegistry', 'quarantine', quarantine),
      'AccessControlUnauthorizedAccount',
      role,
    );
    // ConsentRegistry admits gateways and the patient's own account, and says so in its own error.
    const grant = [id('p-1'), id('clin-x'), id('read:vitals'), 2n ** 40n] as const;
    await expectRevert(
      writeContract(ctx, 'consentRegistry', 'grant', grant),
      'ConsentRegistryUnauthorizedAccount',
      [id('p-1'), actor.account.address],
    );
  };

  beforeAll(async () => {
    chain = await startDeployedChain(kind);
    gateway = await chain.newActor();
    await writeContract(chain.ctx, 'consortiumRegistry', 'admitHospital', [
      org,
      chain.ledger.account.address,
    ]);
    await writeContract(chain.ctx, 'consortiumRegistry', 'addGateway', [
      id(gatewayId),
      org,
      gateway.account.address,
      'https://a.example',
      publicKey(1),
    ]);
    const receipt = await writeContract(as(chain.ctx, gateway), 'dataAnchor', 'anchorBatch', [
      id(gatewayId),
      0n,
      root,
      zeroHash,
      readings.length,
    ]);
    proof = buildProofDocument({
      reading: readings[3]!,
      tree,
      leafIndex: 3,
      batch: { gatewayId, seq: 0, prevRoot: toHex32(new Uint8Array(32)) },
      anchor: {
        chainId: chain.ledger.chain.id,
        contract: chain.ctx.deployment.contracts.dataAnchor,
        txHash: receipt.transactionHash,
        blockNumber: Number(receipt.blockNumber),
        blockHash: receipt.blockHash,
      },
    });
  });
  afterAll(() => chain?.stop());

  const verify = () =>
    verifyProofOnChain({
      client: chain.ledger.publicClient,
      document: proof,
      expectedContract: chain.ctx.deployment.contracts.dataAnchor,
    });

  it('can no longer anchor, audit, quarantine or grant consent once suspended', async () => {
    expect((await verify()).valid).toBe(true);
    await writeContract(chain.ctx, 'consortiumRegistry', 'suspendGateway', [id(gatewayId), 'investigation']);
    await expectAllRefused(gateway, 1n);
  });

  it('leaves what it anchored before verifiable against the chain alone', async () => {
    const result = await verify();
    expect(result).toMatchObject({ valid: true, contractPinned: true });
    expect(await readContract(chain.ctx, 'dataAnchor', 'getBatch', [id(gatewayId), 0n])).toMatchObject({
      root,
      count: readings.length,
    });
    expect(await readContract(chain.ctx, 'dataAnchor', 'operatorOf', [id(gatewayId)])).toBe(
      gateway.account.address,
    );
  });

  it('continues its chain of batches where it stopped once reinstated', async () => {
    await writeContract(chain.ctx, 'consortiumRegistry', 'reinstateGateway', [id(gatewayId), 'cleared']);
    await writeContract(as(chain.ctx, gateway), 'dataAnchor', 'anchorBatch', [
      id(gatewayId),
      1n,
      keccak256(toHex('r1')),
      root,
      1,
    ]);
    expect(await readContract(chain.ctx, 'dataAnchor', 'nextSequence', [id(gatewayId)])).toBe(2n);
  });

  it('loses every write for good when its hospital departs, and the proofs still verify', async () => {
    await writeContract(chain.ctx, 'consortiumRegistry', 'departHospital', [org, 'left the consortium']);
    await expectAllRefused(gateway, 2n);
    expect((await verify()).valid).toBe(true);
  });
});
