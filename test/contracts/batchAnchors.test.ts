import { keccak256, toHex, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChainContext,
  contractArtifacts,
  GATEWAY_ROLE,
  type Ledger,
  readContract,
  writeContract,
} from '../../src/ledger/index.ts';
import { eventsIn, expectRevert } from '../support/chainAssertions.ts';
import { id } from '../support/ids.ts';
import { as, startDeployedChain, testChainKinds } from '../support/testChains.ts';

const root = (n: number) => keccak256(toHex(`root-${n}`));

/** DataAnchor (reading batches) and AuditLog (access-log batches) share one sequencing contract shape. */
const anchors = [
  {
    contract: 'dataAnchor',
    anchor: 'anchorBatch',
    get: 'getBatch',
    event: 'BatchAnchored',
    prefix: 'DataAnchor',
  },
  {
    contract: 'auditLog',
    anchor: 'anchorAuditBatch',
    get: 'getAuditBatch',
    event: 'AuditBatchAnchored',
    prefix: 'AuditLog',
  },
] as const;

const cases = testChainKinds().flatMap((kind) => anchors.map((a) => ({ kind, ...a })));

describe.each(cases)('$prefix on $kind', ({ kind, contract, anchor: anchorFn, get, event, prefix }) => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  let otherGateway: Ledger;
  let outsider: Ledger;
  const gw = id('gateway-1');
  // One suite drives two contracts of the same shape, so names are checked by the cases above.
  const anchor = (ctx: ChainContext, args: readonly unknown[]) =>
    writeContract(ctx, contract, anchorFn as never, args as never);
  const read = (fn: string, args: readonly unknown[]) =>
    readContract(chain.ctx, contract, fn as never, args as never) as Promise<unknown>;

  beforeAll(async () => {
    chain = await startDeployedChain(kind);
    otherGateway = await chain.newActor();
    outsider = await chain.newActor();
    await writeContract(chain.ctx, contract, 'grantRole', [GATEWAY_ROLE, otherGateway.account.address]);
  });
  afterAll(() => chain?.stop());

  it('anchors batches in sequence, chained by previous root', async () => {
    const first = await anchor(chain.ctx, [gw, 0n, root(0), zeroHash, 10]);
    expect(eventsIn(first, contractArtifacts[contract].abi, event)[0]?.args).toEqual({
      gatewayId: gw,
      seq: 0n,
      root: root(0),
      prevRoot: zeroHash,
      count: 10,
    });
    await anchor(chain.ctx, [gw, 1n, root(1), root(0), 3]);
    expect(await read('nextSequence', [gw])).toBe(2n);
    expect(await read('lastRoot', [gw])).toBe(root(1));
    expect(await read('operatorOf', [gw])).toBe(chain.ledger.account.address);
    const batch = (await read(get, [gw, 1n])) as { blockNumber: bigint };
    expect(batch).toMatchObject({ root: root(1), prevRoot: root(0), count: 3 });
    expect(batch.blockNumber).toBe(first.blockNumber + 1n);
  });

  it('rejects a gap, a duplicate and a wrong previous root with their arguments', async () => {
    await expectRevert(anchor(chain.ctx, [gw, 5n, root(5), root(1), 1]), `${prefix}SequenceGap`, [
      gw,
      2n,
      5n,
    ]);
    await expectRevert(anchor(chain.ctx, [gw, 1n, root(9), root(0), 1]), `${prefix}DuplicateBatch`, [gw, 1n]);
    await expectRevert(anchor(chain.ctx, [gw, 2n, root(2), root(0), 1]), `${prefix}PreviousRootMismatch`, [
      gw,
      root(1),
      root(0),
    ]);
  });

  it('rejects empty or zero batches', async () => {
    await expectRevert(anchor(chain.ctx, [gw, 2n, root(2), root(1), 0]), `${prefix}InvalidBatch`, [gw, 2n]);
    await expectRevert(anchor(chain.ctx, [gw, 2n, zeroHash, root(1), 1]), `${prefix}InvalidBatch`, [gw, 2n]);
  });

  it('binds a gateway id to its first operator', async () => {
    await expectRevert(
      anchor(as(chain.ctx, otherGateway), [gw, 2n, root(2), root(1), 1]),
      `${prefix}UnauthorizedGateway`,
      [gw, chain.ledger.account.address, otherGateway.account.address],
    );
    const own = id('gateway-2');
    await anchor(as(chain.ctx, otherGateway), [own, 0n, root(20), zeroHash, 1]);
    expect(await read('operatorOf', [own])).toBe(otherGateway.account.address);
  });

  it('requires the gateway role', async () => {
    await expectRevert(
      anchor(as(chain.ctx, outsider), [id('gateway-3'), 0n, root(30), zeroHash, 1]),
      'AccessControlUnauthorizedAccount',
      [outsider.account.address, GATEWAY_ROLE],
    );
  });

  it('reports unknown batches', async () => {
    await expectRevert(read(get, [gw, 99n]), `${prefix}UnknownBatch`, [gw, 99n]);
  });
});
