import type { Hex } from 'viem';
import { VigilError } from '../errors/index.ts';
import type { SignedReading } from '../identity/index.ts';
import type { ChainContext } from '../ledger/index.ts';
import type { Store } from '../store/index.ts';
import { buildMerkleTree, type MerkleTree } from './buildMerkleTree.ts';
import { buildProofDocument } from './buildProofDocument.ts';
import { ProofNotAnchoredError, ReadingNotFoundError } from './errors.ts';
import { toHex32 } from './hex.ts';
import type { ProofDocument } from './proofDocumentSchema.ts';

/** Parameters of {@link createProofService}. */
export type CreateProofServiceParameters = {
  store: Pick<Store, 'getReading' | 'getBatch' | 'getBatchLeaves' | 'gatewayId'>;
  chain: ChainContext;
  /** Batch trees kept in memory (default 16): an export asks for many proofs of the same batches. */
  cacheSize?: number;
};

/** Builds inclusion-proof documents of stored, anchored readings. */
export type ProofService = {
  /**
   * The proof document of reading `id`. Throws `VIGIL_READING_NOT_FOUND` (404),
   * `VIGIL_PROOF_NOT_ANCHORED` (409) while its batch is pending, `VIGIL_PROOF_READING_ERASED` (410).
   */
  getProofDocument(id: string): Promise<ProofDocument>;
};

type Cached = { tree: MerkleTree; blockHash: Hex; blockNumber: number };

/** Creates a {@link ProofService} over a store and the chain that anchored its batches. */
export function createProofService({
  store,
  chain,
  cacheSize = 16,
}: CreateProofServiceParameters): ProofService {
  const cache = new Map<string, Cached>();
  const batchData = async (seq: number, tx: Hex, gatewayId: string): Promise<Cached> => {
    const key = `${gatewayId}#${seq}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const [leaves, receipt] = await Promise.all([
      store.getBatchLeaves(seq, { payloads: false }),
      chain.ledger.publicClient.getTransactionReceipt({ hash: tx }),
    ]);
    const value = {
      tree: buildMerkleTree(leaves.leafHashes),
      blockHash: receipt.blockHash,
      blockNumber: Number(receipt.blockNumber),
    };
    cache.set(key, value);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    return value;
  };
  return {
    async getProofDocument(id) {
      const stored = await store.getReading(id);
      if (!stored) throw new ReadingNotFoundError(`no reading with id ${id}`, { details: { id } });
      const batch = stored.batchSeq === null ? null : await store.getBatch(stored.batchSeq);
      if (batch?.status !== 'anchored' || !batch.anchorTx || stored.batchIndex === null) {
        throw new ProofNotAnchoredError(`reading ${id} is not anchored yet`, {
          details: { id, batchSeq: stored.batchSeq },
        });
      }
      if (!stored.reading) {
        throw new VigilError(
          'VIGIL_PROOF_READING_ERASED',
          `reading ${id} was erased with its patient's key`,
          {
            details: { id },
          },
        );
      }
      const data = await batchData(batch.seq, batch.anchorTx as Hex, batch.gatewayId);
      return buildProofDocument({
        reading: stored.reading as SignedReading,
        tree: data.tree,
        leafIndex: stored.batchIndex,
        batch: { gatewayId: batch.gatewayId, seq: batch.seq, prevRoot: toHex32(batch.prevRoot) },
        anchor: {
          chainId: chain.ledger.chain.id,
          contract: chain.deployment.contracts.dataAnchor,
          txHash: batch.anchorTx as Hex,
          blockNumber: data.blockNumber,
          blockHash: data.blockHash,
        },
      });
    },
  };
}
