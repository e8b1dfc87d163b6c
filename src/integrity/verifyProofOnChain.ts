import { type Address, type Chain, type Hex, type PublicClient, parseEventLogs, type Transport } from 'viem';
import { toBytes32Id } from '../identity/index.ts';
import { contractArtifacts } from '../ledger/index.ts';
import type { ChainProofFailureCode, ProofFailureCode } from './errors.ts';
import type { ProofDocument } from './proofDocumentSchema.ts';
import { verifyProofDocumentOffline } from './verifyProofDocumentOffline.ts';

/** Parameters of {@link verifyProofOnChain}. */
export type VerifyProofOnChainParameters = {
  client: PublicClient<Transport, Chain | undefined>;
  /** The proof document (object or JSON text). */
  document: unknown;
  /**
   * The DataAnchor address the verifier trusts (e.g. from its consortium's deployment). When absent the
   * address named in the proof is used, and the result says so: a forger could deploy a contract of
   * their own, so pin the address whenever you can.
   */
  expectedContract?: Address;
};

/** Outcome of {@link verifyProofOnChain}. */
export type VerifyProofOnChainReturnType =
  | { valid: true; document: ProofDocument; contractPinned: boolean }
  | { valid: false; code: ProofFailureCode | ChainProofFailureCode; message: string };

const fail = (
  code: ProofFailureCode | ChainProofFailureCode,
  message: string,
): VerifyProofOnChainReturnType => ({
  valid: false,
  code,
  message,
});

/**
 * Checks a proof document against the chain alone: the offline checks, then `DataAnchor.getBatch`
 * (root, prevRoot, count and block), then the anchoring transaction's receipt (block number and hash)
 * and its `BatchAnchored` event with the same gateway, seq, root, prevRoot and count.
 */
export async function verifyProofOnChain(
  p: VerifyProofOnChainParameters,
): Promise<VerifyProofOnChainReturnType> {
  const offline = verifyProofDocumentOffline(p.document);
  if (!offline.valid) return fail(offline.code, offline.error.message);
  const doc = offline.document;
  const chainId = await p.client.getChainId();
  if (chainId !== doc.anchor.chainId) {
    return fail(
      'VIGIL_PROOF_CHAIN_MISMATCH',
      `proof names chain ${doc.anchor.chainId}, connected to ${chainId}`,
    );
  }
  const address = doc.anchor.contract as Address;
  if (p.expectedContract && p.expectedContract.toLowerCase() !== address.toLowerCase()) {
    return fail(
      'VIGIL_PROOF_CONTRACT_MISMATCH',
      `proof names contract ${address}, expected ${p.expectedContract}`,
    );
  }
  const gw = toBytes32Id(doc.batch.gatewayId);
  let onChain: { root: Hex; prevRoot: Hex; count: number; blockNumber: bigint };
  try {
    onChain = (await p.client.readContract({
      address,
      abi: contractArtifacts.dataAnchor.abi,
      functionName: 'getBatch',
      args: [gw, BigInt(doc.batch.seq)],
    })) as typeof onChain;
  } catch {
    return fail(
      'VIGIL_PROOF_BATCH_NOT_ON_CHAIN',
      `no batch ${doc.batch.gatewayId}#${doc.batch.seq} at ${address}`,
    );
  }
  if (onChain.root.toLowerCase() !== doc.root)
    return fail('VIGIL_PROOF_ROOT_MISMATCH', 'the chain anchored another root');
  if (onChain.prevRoot.toLowerCase() !== doc.batch.prevRoot) {
    return fail('VIGIL_PROOF_PREV_ROOT_MISMATCH', 'the chain anchored another previous root');
  }
  if (Number(onChain.count) !== doc.batch.count) {
    return fail(
      'VIGIL_PROOF_BATCH_COUNT_MISMATCH',
      `the chain anchored ${onChain.count} readings, not ${doc.batch.count}`,
    );
  }
  if (Number(onChain.blockNumber) !== doc.anchor.blockNumber) {
    return fail('VIGIL_PROOF_BLOCK_MISMATCH', `the batch was anchored in block ${onChain.blockNumber}`);
  }
  let receipt: Awaited<ReturnType<typeof p.client.getTransactionReceipt>>;
  try {
    receipt = await p.client.getTransactionReceipt({ hash: doc.anchor.txHash as Hex });
  } catch {
    return fail('VIGIL_PROOF_TX_NOT_FOUND', `no transaction ${doc.anchor.txHash}`);
  }
  if (
    Number(receipt.blockNumber) !== doc.anchor.blockNumber ||
    receipt.blockHash.toLowerCase() !== doc.anchor.blockHash
  ) {
    return fail('VIGIL_PROOF_BLOCK_MISMATCH', 'the transaction is not in the stated block');
  }
  const events = parseEventLogs({
    abi: contractArtifacts.dataAnchor.abi,
    eventName: 'BatchAnchored',
    logs: receipt.logs,
  });
  const match = events.some(
    (e) =>
      e.address.toLowerCase() === address.toLowerCase() &&
      (e.args.gatewayId as string).toLowerCase() === gw.toLowerCase() &&
      Number(e.args.seq) === doc.batch.seq &&
      (e.args.root as string).toLowerCase() === doc.root &&
      (e.args.prevRoot as string).toLowerCase() === doc.batch.prevRoot &&
      Number(e.args.count) === doc.batch.count,
  );
  if (!match)
    return fail('VIGIL_PROOF_EVENT_MISSING', 'the transaction did not emit this BatchAnchored event');
  return { valid: true, document: doc, contractPinned: Boolean(p.expectedContract) };
}
