import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHardhatNetworkProvider } from 'hardhat/internal/hardhat-network/provider/provider.js';
import type { EIP1193Parameters, EIP1193RequestFn } from 'viem';
import { ChainJournalError } from '../errors.ts';
import { openChainJournal } from './chainJournal.ts';

export type CreateEmbeddedChainParameters = {
  /** Folder holding the journal (created if missing). */
  dir: string;
  chainId: number;
  /** Genesis time: must be the same at every start, or block hashes change. */
  genesisDate: Date;
  /** Accounts funded in the genesis block. */
  genesisAccounts: { privateKey: `0x${string}`; balance: bigint }[];
};

export type EmbeddedChain = {
  /** EIP-1193 provider for viem's `custom()` transport. */
  provider: { request: EIP1193RequestFn };
  /** Number of journal entries replayed at start. */
  replayed: number;
  stop(): Promise<void>;
};

/** Methods that would change state without leaving a replayable trace; refused. */
const REFUSED_METHODS = new Set([
  'eth_sendTransaction',
  'evm_snapshot',
  'evm_revert',
  'evm_setAutomine',
  'evm_setIntervalMining',
  'evm_setBlockGasLimit',
  'hardhat_reset',
  'hardhat_setBalance',
  'hardhat_setCode',
  'hardhat_setNonce',
  'hardhat_setStorageAt',
  'hardhat_impersonateAccount',
  'hardhat_mine',
  'hardhat_setCoinbase',
  'hardhat_setNextBlockBaseFeePerGas',
  'hardhat_setPrevRandao',
  'hardhat_dropTransaction',
]);

type RawProvider = { request(args: { method: string; params?: unknown }): Promise<unknown> };

/**
 * Starts the in-process EVM (Hardhat network provider) and makes it survive restarts: every mined
 * transaction is appended, with its block's timestamp, to an fsync'd journal before it is reported,
 * and the journal is replayed at start, which reproduces the same state, logs and block hashes.
 */
export async function createEmbeddedChain(params: CreateEmbeddedChainParameters): Promise<EmbeddedChain> {
  mkdirSync(params.dir, { recursive: true });
  const hardhat = (await createHardhatNetworkProvider(
    {
      hardfork: 'cancun',
      chainId: params.chainId,
      networkId: params.chainId,
      blockGasLimit: 30_000_000,
      minGasPrice: 0n,
      automine: true,
      intervalMining: 0,
      mempoolOrder: 'priority',
      chains: new Map(),
      genesisAccounts: params.genesisAccounts.map((a) => ({
        privateKey: a.privateKey,
        balance: a.balance.toString(),
      })),
      allowUnlimitedContractSize: false,
      throwOnTransactionFailures: false,
      throwOnCallFailures: true,
      allowBlocksWithSameTimestamp: false,
      initialDate: params.genesisDate,
      enableTransientStorage: false,
      enableRip7212: false,
    } as Parameters<typeof createHardhatNetworkProvider>[0],
    { enabled: false },
  )) as RawProvider;

  const journal = openChainJournal(join(params.dir, 'journal.ndjson'));
  for (const [i, entry] of journal.entries.entries()) {
    await hardhat.request({ method: 'evm_setNextBlockTimestamp', params: [entry.ts] });
    if (entry.t === 'mine') {
      await hardhat.request({ method: 'evm_mine', params: [] });
      continue;
    }
    const hash = await hardhat.request({ method: 'eth_sendRawTransaction', params: [entry.raw] });
    if (hash !== entry.hash) {
      throw new ChainJournalError(
        `replaying journal entry ${i + 1} gave transaction ${hash}, not ${entry.hash}`,
      );
    }
  }
  // The clock restarts at the genesis date: bring it to the present.
  const offset = Number(await hardhat.request({ method: 'evm_increaseTime', params: [0] }));
  if (offset < 0) await hardhat.request({ method: 'evm_increaseTime', params: [-offset] });

  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
  const latestTimestamp = async (): Promise<number> => {
    const block = (await hardhat.request({ method: 'eth_getBlockByNumber', params: ['latest', false] })) as {
      timestamp: string;
    };
    return Number(BigInt(block.timestamp));
  };

  let stopped = false;
  const request = async ({ method, params: args }: EIP1193Parameters): Promise<unknown> => {
    if (stopped) throw rpcError(-32000, 'the embedded chain is stopped');
    if (REFUSED_METHODS.has(method)) {
      throw rpcError(4200, `${method} is not supported by the persistent embedded chain`);
    }
    if (method === 'eth_sendRawTransaction') {
      return serialize(async () => {
        const raw = (args as [`0x${string}`])[0];
        const hash = (await forward(hardhat, method, args)) as `0x${string}`;
        journal.append({ t: 'tx', raw, ts: await latestTimestamp(), hash });
        return hash;
      });
    }
    if (method === 'evm_mine') {
      return serialize(async () => {
        const result = await forward(hardhat, method, args);
        journal.append({ t: 'mine', ts: await latestTimestamp() });
        return result;
      });
    }
    return forward(hardhat, method, args);
  };

  return {
    provider: { request: request as EIP1193RequestFn },
    replayed: journal.entries.length,
    async stop() {
      if (stopped) return;
      stopped = true;
      await queue;
      journal.close();
    },
  };
}

/** Forwards a request, turning Hardhat's code-less revert errors into JSON-RPC code 3 with data. */
async function forward(provider: RawProvider, method: string, params: unknown): Promise<unknown> {
  try {
    return await provider.request({ method, params });
  } catch (error) {
    const e = error as { message?: string; data?: unknown; code?: unknown };
    const data = typeof e.data === 'string' ? e.data : (e.data as { data?: unknown } | undefined)?.data;
    if (typeof data === 'string' && data.startsWith('0x')) {
      throw rpcError(3, e.message ?? 'execution reverted', data);
    }
    throw typeof e.code === 'number' ? error : rpcError(-32603, e.message ?? String(error));
  }
}

function rpcError(code: number, message: string, data?: string): Error & { code: number; data?: string } {
  return Object.assign(new Error(message), { code, ...(data === undefined ? {} : { data }) });
}
