import { Value } from '@sinclair/typebox/value';
import type { SignedReading } from '../identity/index.ts';
import { ProofDocumentInvalidError, type ProofFailureCode } from './errors.ts';
import { fromHex32 } from './hex.ts';
import { leafHashOfReading } from './leafHashOfReading.ts';
import { type ProofDocument, ProofDocumentSchema } from './proofDocumentSchema.ts';
import { rootFromInclusionProof } from './verifyInclusion.ts';

/** Outcome of {@link verifyProofDocumentOffline}: the checked document, or the first failed check. */
export type VerifyProofDocumentOfflineReturnType =
  | { valid: true; document: ProofDocument }
  | { valid: false; code: ProofFailureCode; error: ProofDocumentInvalidError };

/**
 * Checks everything about an inclusion-proof document that needs no chain: its shape, that the
 * reading's canonical bytes hash to `leafHash`, that the path leads from that leaf at `leafIndex` to
 * `root`, and that `batch.count` equals `treeSize`. Accepts the parsed object or its JSON text.
 * Not checked here: the device signature (identity), and that `root`, `count`, `batch.seq`,
 * `batch.prevRoot` were recorded by `anchor.contract` in `anchor.blockNumber` (the on-chain step).
 */
export function verifyProofDocumentOffline(input: unknown): VerifyProofDocumentOfflineReturnType {
  let doc: unknown = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    try {
      doc = JSON.parse(typeof input === 'string' ? input : Buffer.from(input).toString('utf8'));
    } catch {
      return fail('VIGIL_PROOF_MALFORMED', 'the proof document is not JSON');
    }
  }
  if (!Value.Check(ProofDocumentSchema, doc)) {
    const first = Value.Errors(ProofDocumentSchema, doc).First();
    // The path names the field; the value is not echoed (it may hold patient data).
    return fail('VIGIL_PROOF_MALFORMED', 'the proof document does not match vigil.inclusion-proof v1', {
      path: first?.path ?? '',
      problem: first?.message ?? 'invalid',
    });
  }
  if (doc.leafIndex >= doc.treeSize) {
    return fail('VIGIL_PROOF_INDEX_OUT_OF_RANGE', 'leafIndex is not inside the tree', {
      leafIndex: doc.leafIndex,
      treeSize: doc.treeSize,
    });
  }
  if (doc.batch.count !== doc.treeSize) {
    return fail('VIGIL_PROOF_COUNT_MISMATCH', 'batch.count differs from treeSize', {
      count: doc.batch.count,
      treeSize: doc.treeSize,
    });
  }
  let computedLeaf: Buffer;
  try {
    computedLeaf = leafHashOfReading(doc.reading as SignedReading);
  } catch (cause) {
    return fail('VIGIL_PROOF_MALFORMED', 'the reading has no canonical JSON form', {}, cause);
  }
  const leafHash = fromHex32(doc.leafHash);
  if (!computedLeaf.equals(leafHash)) {
    return fail('VIGIL_PROOF_LEAF_MISMATCH', 'the reading does not hash to leafHash', {
      leafHash: doc.leafHash,
      computed: `0x${computedLeaf.toString('hex')}`,
    });
  }
  const proof = doc.proof.map(fromHex32);
  const computedRoot = rootFromInclusionProof({
    leafHash,
    index: doc.leafIndex,
    treeSize: doc.treeSize,
    proof,
  });
  if (computedRoot === null) {
    return fail('VIGIL_PROOF_PATH_INVALID', 'the path has the wrong length for this leafIndex and treeSize', {
      leafIndex: doc.leafIndex,
      treeSize: doc.treeSize,
      proofLength: proof.length,
    });
  }
  if (!computedRoot.equals(fromHex32(doc.root))) {
    return fail('VIGIL_PROOF_PATH_INVALID', 'the path does not lead to root', {
      root: doc.root,
      computed: `0x${computedRoot.toString('hex')}`,
    });
  }
  return { valid: true, document: doc };
}

function fail(
  code: ProofFailureCode,
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): VerifyProofDocumentOfflineReturnType {
  return { valid: false, code, error: new ProofDocumentInvalidError(code, message, { details, cause }) };
}
