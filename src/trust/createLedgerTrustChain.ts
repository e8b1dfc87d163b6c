import { toBytes32Id } from '../identity/ids.ts';
import type { ChainContext } from '../ledger/deployment.ts';
import { ContractRevertError } from '../ledger/errors.ts';
import { writeContract } from '../ledger/writeContract.ts';

/** One device's score as committed on chain. */
export type ScoreCommit = { deviceId: string; scoreBp: number; digest: `0x${string}` };

/** What the trust service needs from the chain (the TrustRegistry contract); a fake in tests. */
export type TrustChain = {
  /** Commits many scores in one transaction; resolves to the transaction hash. */
  commitScores(items: readonly ScoreCommit[]): Promise<{ tx: string; block: bigint }>;
  /** Emits DeviceQuarantined; already quarantined on chain counts as done. */
  quarantine(deviceId: string, reason: string): Promise<void>;
  /** Emits DeviceReinstated; not quarantined on chain counts as done. */
  reinstate(deviceId: string, reason: string): Promise<void>;
};

const isRevert = (error: unknown, name: string) =>
  error instanceof ContractRevertError && error.errorName === name;

/** The TrustRegistry through the ledger client (`writeContract`). */
export function createLedgerTrustChain(ctx: ChainContext): TrustChain {
  return {
    async commitScores(items) {
      const receipt = await writeContract(ctx, 'trustRegistry', 'commitScores', [
        items.map((i) => toBytes32Id(i.deviceId)),
        items.map((i) => i.scoreBp),
        items.map((i) => i.digest),
      ]);
      return { tx: receipt.transactionHash, block: receipt.blockNumber };
    },
    async quarantine(deviceId, reason) {
      try {
        await writeContract(ctx, 'trustRegistry', 'quarantine', [toBytes32Id(deviceId), reason]);
      } catch (error) {
        if (!isRevert(error, 'TrustRegistryAlreadyQuarantined')) throw error;
      }
    },
    async reinstate(deviceId, reason) {
      try {
        await writeContract(ctx, 'trustRegistry', 'reinstate', [toBytes32Id(deviceId), reason]);
      } catch (error) {
        if (!isRevert(error, 'TrustRegistryNotQuarantined')) throw error;
      }
    },
  };
}
