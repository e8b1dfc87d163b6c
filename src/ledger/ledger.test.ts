import { keccak256, toHex, zeroHash } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { id, publicKey } from '../../test/support/ids.ts';
import { startTestChain, type TestChain, testChainKinds } from '../../test/support/testChains.ts';
import { createLedger } from './createLedger.ts';
import { ensureDeployed } from './deployContracts.ts';
import { connectContracts, loadDeployment } from './deployment.ts';
import {
  ChainUnavailableError,
  ContractRevertError,
  ContractsNotDeployedError,
  revertCode,
} from './errors.ts';
import { getChainStatus } from './getChainStatus.ts';
import { getContractEvents } from './getContractEvents.ts';
import { writeContract } from './writeContract.ts';

describe('revertCode', () => {
  it('derives stable codes from Solidity custom error names', () => {
    expect(revertCode('DataAnchorSequenceGap')).toBe('VIGIL_CHAIN_DATA_ANCHOR_SEQUENCE_GAP');
    expect(revertCode('AccessControlUnauthorizedAccount')).toBe(
      'VIGIL_CHAIN_ACCESS_CONTROL_UNAUTHORIZED_ACCOUNT',
    );
  });
});

describe('rpc mode without a node', () => {
  it('reports the chain as unavailable', async () => {
    const error = await createLedger({
      dataDir: '/tmp/vigil-unreachable',
      chain: { mode: 'rpc', chainId: 1, rpcUrl: 'http://127.0.0.1:9', privateKey: generatePrivateKey() },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainUnavailableError);
    expect((error as ChainUnavailableError).code).toBe('VIGIL_CHAIN_UNAVAILABLE');
  });
});

describe.each(testChainKinds())('ledger client on %s', (kind) => {
  let chain: TestChain;
  beforeAll(async () => {
    chain = await startTestChain(kind);
  });
  afterAll(() => chain?.stop());

  it('says the contracts are missing until deployed, then deploys once', async () => {
    await expect(connectContracts(chain.ledger)).rejects.toBeInstanceOf(ContractsNotDeployedError);
    const status = await getChainStatus(chain.ledger);
    expect(status).toMatchObject({
      mode: kind === 'embedded' ? 'embedded' : 'rpc',
      deployed: false,
      contracts: {},
    });
    const first = await ensureDeployed(chain.ledger);
    const second = await ensureDeployed(chain.ledger);
    expect(second.deployment).toEqual(first.deployment);
    expect(await loadDeployment(chain.ledger)).toEqual(first.deployment);
    const after = await getChainStatus(chain.ledger);
    expect(after.deployed).toBe(true);
    expect(after.contracts).toEqual(first.deployment.contracts);
    expect(after.blockNumber).toBeGreaterThan(status.blockNumber);
  });

  it('reads events from a block, filtered by indexed arguments', async () => {
    const ctx = await connectContracts(chain.ledger);
    const org = id('org-events');
    await writeContract(ctx, 'deviceRegistry', 'registerOrganisation', [org, chain.ledger.account.address]);
    const r1 = await writeContract(ctx, 'deviceRegistry', 'registerDevice', [
      id('e-1'),
      org,
      id('ecg'),
      id('p-1'),
      publicKey(1),
    ]);
    await writeContract(ctx, 'deviceRegistry', 'registerDevice', [
      id('e-2'),
      org,
      id('ecg'),
      id('p-2'),
      publicKey(2),
    ]);
    const all = await getContractEvents(ctx, 'deviceRegistry', 'DeviceRegistered', {
      fromBlock: r1.blockNumber,
    });
    expect(all.map((e) => e.args.deviceId)).toEqual([id('e-1'), id('e-2')]);
    const later = await getContractEvents(ctx, 'deviceRegistry', 'DeviceRegistered', {
      fromBlock: r1.blockNumber + 1n,
    });
    expect(later.map((e) => e.args.deviceId)).toEqual([id('e-2')]);
    const one = await getContractEvents(ctx, 'deviceRegistry', 'DeviceRegistered', {
      args: { deviceId: id('e-1') },
    });
    expect(one).toHaveLength(1);
    expect(one[0]?.blockNumber).toBe(r1.blockNumber);
  });

  it('turns a revert into a typed error with a stable code and decoded arguments', async () => {
    const ctx = await connectContracts(chain.ledger);
    const error = await writeContract(ctx, 'dataAnchor', 'anchorBatch', [
      id('gw'),
      3n,
      keccak256(toHex('x')),
      zeroHash,
      1,
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractRevertError);
    expect((error as ContractRevertError).code).toBe('VIGIL_CHAIN_DATA_ANCHOR_SEQUENCE_GAP');
    expect((error as ContractRevertError).toJSON()).toEqual({
      code: 'VIGIL_CHAIN_DATA_ANCHOR_SEQUENCE_GAP',
      message: 'DataAnchor reverted with DataAnchorSequenceGap',
      details: { contract: 'DataAnchor', errorName: 'DataAnchorSequenceGap', args: [id('gw'), '0', '3'] },
    });
  });

  it('sends concurrent transactions without nonce clashes', async () => {
    const ctx = await connectContracts(chain.ledger);
    const org = id('org-concurrent');
    await writeContract(ctx, 'deviceRegistry', 'registerOrganisation', [org, chain.ledger.account.address]);
    const receipts = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        writeContract(ctx, 'deviceRegistry', 'registerDevice', [
          id(`c-${i}`),
          org,
          id('ecg'),
          id('p'),
          publicKey(i + 1),
        ]),
      ),
    );
    expect(receipts.every((r) => r.status === 'success')).toBe(true);
    const events = await getContractEvents(ctx, 'deviceRegistry', 'DeviceRegistered', {
      args: { orgId: org },
    });
    expect(events).toHaveLength(12);
  });
});
