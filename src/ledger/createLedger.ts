import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  parseEther,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { VigilConfig } from '../config/index.ts';
import { acquireChainLock } from './embedded/chainLock.ts';
import { createEmbeddedChain } from './embedded/createEmbeddedChain.ts';
import { serveChainRpc } from './embedded/serveChainRpc.ts';
import { ChainUnavailableError } from './errors.ts';

export type LedgerMode = 'embedded' | 'rpc';

/** A connection to the consortium chain with one signer (this gateway's account). */
export type Ledger = {
  mode: LedgerMode;
  chain: Chain;
  account: Account;
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  /** The transport both clients use (to add signers with {@link withSigner}). */
  transport: Transport;
  /** Folder of chain files (signer key, genesis, journal, deployments). */
  chainDir: string;
  /** Receipt polling interval in ms (short in-process, longer over the network). */
  pollingInterval: number;
  /**
   * Runs `send` (prepare, sign, submit one transaction) after every earlier send of this account has
   * been submitted, so nonces are assigned in order and a failed estimate never leaves a gap.
   */
  serializeSend<T>(send: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
};

export type CreateLedgerParameters = Pick<VigilConfig, 'dataDir' | 'chain'>;

/**
 * Connects to the configured chain: the embedded, persistent in-process EVM by default, or any
 * Ethereum JSON-RPC node in `rpc` mode.
 */
export async function createLedger(config: CreateLedgerParameters): Promise<Ledger> {
  const chainDir = join(config.dataDir, 'chain');
  mkdirSync(chainDir, { recursive: true, mode: 0o700 });
  if (config.chain.mode === 'embedded') return createEmbeddedLedger(chainDir, config.chain.chainId);
  return createRpcLedger(chainDir, config.chain.rpcUrl!, config.chain.privateKey!);
}

type GenesisFile = { chainId: number; genesisDate: string };

async function createEmbeddedLedger(chainDir: string, chainId: number): Promise<Ledger> {
  const keyFile = join(chainDir, 'signer.key');
  if (!existsSync(keyFile)) {
    writeFileSync(keyFile, `0x${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const privateKey = readFileSync(keyFile, 'utf8').trim() as Hex;
  const genesisFile = join(chainDir, 'genesis.json');
  if (!existsSync(genesisFile)) {
    const genesis: GenesisFile = {
      chainId,
      genesisDate: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
    };
    writeFileSync(genesisFile, `${JSON.stringify(genesis, null, 2)}\n`, { flag: 'wx' });
  }
  const genesis = JSON.parse(readFileSync(genesisFile, 'utf8')) as GenesisFile;
  const chain = localChain(genesis.chainId, 'Vigil embedded chain');

  // The chain lives in one process; others on this machine reach it through that process.
  const lock = await acquireChainLock(chainDir);
  if (!lock.owner) {
    const transport = http(lock.info.url, {
      retryCount: 0,
      fetchOptions: { headers: { authorization: `Bearer ${lock.info.token}` } },
    });
    return buildLedger('embedded', chain, transport, privateKey, chainDir, 25, async () => {});
  }
  try {
    const embedded = await createEmbeddedChain({
      dir: chainDir,
      chainId: genesis.chainId,
      genesisDate: new Date(genesis.genesisDate),
      genesisAccounts: [{ privateKey, balance: parseEther('1000000000') }],
    });
    const server = await serveChainRpc(embedded.provider, lock.token);
    lock.publish(server.url);
    const transport = custom(embedded.provider, { retryCount: 0 });
    return buildLedger('embedded', chain, transport, privateKey, chainDir, 1, async () => {
      await server.close();
      await embedded.stop();
      lock.release();
    });
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function createRpcLedger(chainDir: string, rpcUrl: string, privateKey: Hex): Promise<Ledger> {
  const transport = http(rpcUrl, { retryCount: 2, timeout: 10_000 });
  const probe = createPublicClient({ transport });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (cause) {
    throw new ChainUnavailableError(`cannot reach the chain at ${redactUrl(rpcUrl)}`, { cause });
  }
  const chain = localChain(chainId, 'Vigil consortium chain', rpcUrl);
  return buildLedger('rpc', chain, transport, privateKey, chainDir, 100, async () => {});
}

function buildLedger(
  mode: LedgerMode,
  chain: Chain,
  transport: Transport,
  privateKey: Hex,
  chainDir: string,
  pollingInterval: number,
  stop: () => Promise<void>,
): Ledger {
  const account = privateKeyToAccount(privateKey);
  const publicClient = createPublicClient({ chain, transport, pollingInterval });
  const walletClient = createWalletClient({ chain, transport, account, pollingInterval });
  let queue: Promise<unknown> = Promise.resolve();
  const serializeSend = <T>(send: () => Promise<T>): Promise<T> => {
    const run = queue.then(send, send);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    serializeSend,
    mode,
    chain,
    account,
    publicClient,
    walletClient,
    transport,
    chainDir,
    pollingInterval,
    stop,
  };
}

/** The same chain connection acting as another account (e.g. an organisation admin). */
export function withSigner(ledger: Ledger, privateKey: Hex): Ledger {
  return buildLedger(
    ledger.mode,
    ledger.chain,
    ledger.transport,
    privateKey,
    ledger.chainDir,
    ledger.pollingInterval,
    async () => {},
  );
}

function localChain(id: number, name: string, rpcUrl = 'http://127.0.0.1'): Chain {
  return defineChain({
    id,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

/** Hides credentials in a URL before it is printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.username) parsed.username = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}
