import type { Ledger } from '../../src/ledger/index.ts';

/** Timestamp of the latest block, in seconds. */
export async function chainTime(ledger: Ledger): Promise<bigint> {
  return (await ledger.publicClient.getBlock({ blockTag: 'latest' })).timestamp;
}

/** Moves chain time forward and mines a block (works on the embedded chain and on Anvil). */
export async function advanceTime(ledger: Ledger, seconds: number): Promise<void> {
  await ledger.publicClient.request({ method: 'evm_increaseTime' as never, params: [seconds] as never });
  await ledger.publicClient.request({ method: 'evm_mine' as never, params: [] as never });
}
