import { type Hex, parseEventLogs } from 'viem';
import { toBytes32Id } from '../identity/index.ts';
import { type ChainContext, contractArtifacts, readContract, writeContract } from '../ledger/index.ts';
import type { StoredBatch } from '../store/index.ts';
import { toHex32 } from './hex.ts';

/** A batch as DataAnchor records it. */
export type ChainBatch = { root: Hex; prevRoot: Hex; count: number; blockNumber: number };

/** Where a batch was anchored. */
export type AnchorRecord = { tx: Hex; block: number; blockHash: Hex };

/** Sends `DataAnchor.anchorBatch` for one stored batch and waits for its receipt. */
export async function anchorBatch(ctx: ChainContext, batch: StoredBatch): Promise<AnchorRecord> {
  const receipt = await writeContract(ctx, 'dataAnchor', 'anchorBatch', [
    toBytes32Id(batch.gatewayId),
    BigInt(batch.seq),
    toHex32(batch.root),
    toHex32(batch.prevRoot),
    batch.count,
  ]);
  return { tx: receipt.transactionHash, block: Number(receipt.blockNumber), blockHash: receipt.blockHash };
}

/** The chain's record of batch `seq` of a gateway, or null when it was never anchored. */
export async function readChainBatch(
  ctx: ChainContext,
  gatewayId: string,
  seq: number,
): Promise<ChainBatch | null> {
  try {
    const b = await readContract(ctx, 'dataAnchor', 'getBatch', [toBytes32Id(gatewayId), BigInt(seq)]);
    return { root: b.root, prevRoot: b.prevRoot, count: Number(b.count), blockNumber: Number(b.blockNumber) };
  } catch (error) {
    if ((error as { code?: string }).code === 'VIGIL_CHAIN_DATA_ANCHOR_UNKNOWN_BATCH') return null;
    throw error;
  }
}

/** DataAnchor's next expected sequence number for a gateway. */
export async function readNextSequence(ctx: ChainContext, gatewayId: string): Promise<number> {
  return Number(await readContract(ctx, 'dataAnchor', 'nextSequence', [toBytes32Id(gatewayId)]));
}

/**
 * Finds the transaction that anchored batch `seq` (its BatchAnchored event in the block the chain
 * recorded), for a batch anchored before a crash lost the receipt.
 */
export async function findAnchorTransaction(
  ctx: ChainContext,
  gatewayId: string,
  seq: number,
  blockNumber: number,
): Promise<AnchorRecord | null> {
  const logs = await ctx.ledger.publicClient.getLogs({
    address: ctx.deployment.contracts.dataAnchor,
    fromBlock: BigInt(blockNumber),
    toBlock: BigInt(blockNumber),
  });
  const events = parseEventLogs({
    abi: contractArtifacts.dataAnchor.abi,
    eventName: 'BatchAnchored',
    logs,
  });
  const gw = toBytes32Id(gatewayId).toLowerCase();
  const hit = events.find(
    (e) => (e.args.gatewayId as string).toLowerCase() === gw && Number(e.args.seq) === seq,
  );
  if (!hit?.transactionHash || !hit.blockHash) return null;
  return { tx: hit.transactionHash, block: Number(hit.blockNumber), blockHash: hit.blockHash };
}

/**
 * Every batch a gateway anchored, from its BatchAnchored events (one log query instead of one
 * `getBatch` call per batch), keyed by seq. The contract emits the event only after storing the batch.
 */
export async function readChainBatches(
  ctx: ChainContext,
  gatewayId: string,
): Promise<Map<number, ChainBatch>> {
  const logs = await ctx.ledger.publicClient.getLogs({
    address: ctx.deployment.contracts.dataAnchor,
    fromBlock: 0n,
    toBlock: 'latest',
  });
  const events = parseEventLogs({ abi: contractArtifacts.dataAnchor.abi, eventName: 'BatchAnchored', logs });
  const gw = toBytes32Id(gatewayId).toLowerCase();
  const out = new Map<number, ChainBatch>();
  for (const e of events) {
    if ((e.args.gatewayId as string).toLowerCase() !== gw) continue;
    out.set(Number(e.args.seq), {
      root: e.args.root as Hex,
      prevRoot: e.args.prevRoot as Hex,
      count: Number(e.args.count),
      blockNumber: Number(e.blockNumber),
    });
  }
  return out;
}
