import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Hex, parseEther } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import {
  type ChainContext,
  createLedger,
  deployContracts,
  type Ledger,
  withSigner,
} from '../../src/ledger/index.ts';
import { anvilBinary, startAnvil } from './anvil.ts';

export type TestChainKind = 'embedded' | 'anvil';

/**
 * The chains a ledger suite runs on: the embedded chain always; Anvil when its binary is installed
 * (always under CI=true, where a missing binary fails the run instead of skipping).
 */
export function testChainKinds(): TestChainKind[] {
  if (anvilBinary()) return ['embedded', 'anvil'];
  if (process.env.CI === 'true') throw new Error('CI=true but the anvil binary is missing');
  console.warn('skipped: anvil binary not found, ledger suites run on the embedded chain only');
  return ['embedded'];
}

export type TestChain = {
  kind: TestChainKind;
  ledger: Ledger;
  dataDir: string;
  /** A fresh, funded account on this chain, acting through the same connection. */
  newActor(): Promise<Ledger>;
  stop(): Promise<void>;
};

/** Starts a fresh chain of `kind` with a funded signer (no contracts yet). */
export async function startTestChain(kind: TestChainKind): Promise<TestChain> {
  const dataDir = mkdtempSync(join(tmpdir(), `vigil-${kind}-`));
  let stopNode = async () => {};
  let ledger: Ledger;
  if (kind === 'embedded') {
    ledger = await createLedger({
      dataDir,
      chain: { mode: 'embedded', chainId: 31337, rpcUrl: undefined, privateKey: undefined },
    });
  } else {
    const anvil = await startAnvil();
    stopNode = () => anvil.stop();
    const privateKey = generatePrivateKey();
    ledger = await createLedger({
      dataDir,
      chain: { mode: 'rpc', chainId: 31338, rpcUrl: anvil.url, privateKey },
    });
    await ledger.publicClient.request({
      method: 'anvil_setBalance' as never,
      params: [ledger.account.address, `0x${parseEther('1000000').toString(16)}`] as never,
    });
  }
  const newActor = async (): Promise<Ledger> => {
    const key: Hex = generatePrivateKey();
    const actor = withSigner(ledger, key);
    const hash = await ledger.walletClient.sendTransaction({
      to: actor.account.address,
      value: parseEther('10'),
    });
    await ledger.publicClient.waitForTransactionReceipt({ hash });
    return actor;
  };
  return {
    kind,
    ledger,
    dataDir,
    newActor,
    async stop() {
      await ledger.stop();
      await stopNode();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh chain with the Vigil contracts deployed. */
export async function startDeployedChain(kind: TestChainKind): Promise<TestChain & { ctx: ChainContext }> {
  const chain = await startTestChain(kind);
  const ctx = await deployContracts(chain.ledger);
  return { ...chain, ctx };
}

/** The same deployment, acting as another account. */
export function as(ctx: ChainContext, ledger: Ledger): ChainContext {
  return { ledger, deployment: ctx.deployment };
}
