import { beforeAll, describe, expect, it } from 'vitest';
import { readingLeafBytes, type SignedReading } from '../identity/index.ts';
import { buildMerkleTree } from './buildMerkleTree.ts';
import { buildProofDocument } from './buildProofDocument.ts';
import { hashLeavesPacked } from './hashLeaves.ts';
import { leafHashOfReading } from './leafHashOfReading.ts';
import type { ProofDocument } from './proofDocumentSchema.ts';
import { makeSignedReadings } from './testing/fixtures.ts';
import { verifyProofDocumentOffline } from './verifyProofDocumentOffline.ts';

const ZERO = `0x${'00'.repeat(32)}` as const;
const anchor = {
  chainId: 31337,
  contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  txHash: `0x${'ab'.repeat(32)}`,
  blockNumber: 12,
  blockHash: `0x${'cd'.repeat(32)}`,
} as const;

let readings: SignedReading[];
let tree: ReturnType<typeof buildMerkleTree>;
beforeAll(() => {
  readings = makeSignedReadings(11);
  tree = buildMerkleTree(hashLeavesPacked(readings.map((r) => readingLeafBytes(r))));
});

const docFor = (i: number): ProofDocument =>
  buildProofDocument({
    reading: readings[i]!,
    tree,
    leafIndex: i,
    batch: { gatewayId: 'gw-1', seq: 0, prevRoot: ZERO },
    anchor,
  });
const clone = (d: ProofDocument): ProofDocument => structuredClone(d);
const codeOf = (d: unknown) => {
  const r = verifyProofDocumentOffline(d);
  return r.valid ? 'valid' : r.code;
};

describe('buildProofDocument + verifyProofDocumentOffline', () => {
  it('builds a verifiable document for every reading of a batch', () => {
    for (let i = 0; i < readings.length; i++) {
      const doc = docFor(i);
      expect(doc).toMatchObject({ type: 'vigil.inclusion-proof', version: 1, leafIndex: i, treeSize: 11 });
      expect(doc.root).toBe(`0x${tree.root.toString('hex')}`);
      expect(doc.batch.count).toBe(11);
      expect(verifyProofDocumentOffline(doc)).toEqual({ valid: true, document: doc });
      expect(verifyProofDocumentOffline(JSON.stringify(doc)).valid).toBe(true);
    }
  });

  it('refuses to build a document for a reading that is not that leaf', () => {
    expect(() =>
      buildProofDocument({
        reading: readings[1]!,
        tree,
        leafIndex: 2,
        batch: { gatewayId: 'g', seq: 0, prevRoot: ZERO },
        anchor,
      }),
    ).toThrow(expect.objectContaining({ code: 'VIGIL_MERKLE_INPUT_INVALID' }));
  });

  it('works for a one-reading batch (empty path, root = leaf hash)', () => {
    const one = makeSignedReadings(1);
    const doc = buildProofDocument({
      reading: one[0]!,
      tree: [leafHashOfReading(one[0]!)],
      leafIndex: 0,
      batch: { gatewayId: 'gw-1', seq: 3, prevRoot: ZERO },
      anchor,
    });
    expect(doc.proof).toEqual([]);
    expect(doc.root).toBe(doc.leafHash);
    expect(codeOf(doc)).toBe('valid');
  });

  it('names the reason for each kind of forgery', () => {
    const base = docFor(6);
    const d1 = clone(base);
    (d1.reading.observation as unknown as { valueQuantity: { value: number } }).valueQuantity.value = 200;
    expect(codeOf(d1)).toBe('VIGIL_PROOF_LEAF_MISMATCH');
    const d2 = clone(base);
    d2.reading.seq += 1;
    expect(codeOf(d2)).toBe('VIGIL_PROOF_LEAF_MISMATCH');
    const d3 = clone(base);
    d3.reading = { ...readings[5]! } as ProofDocument['reading'];
    expect(codeOf(d3)).toBe('VIGIL_PROOF_LEAF_MISMATCH');
    const d4 = clone(base);
    d4.leafIndex = 5;
    expect(codeOf(d4)).toBe('VIGIL_PROOF_PATH_INVALID');
    const d5 = clone(base);
    d5.treeSize = 12;
    expect(codeOf(d5)).toBe('VIGIL_PROOF_COUNT_MISMATCH');
    const d6 = clone(base);
    d6.leafIndex = 11;
    expect(codeOf(d6)).toBe('VIGIL_PROOF_INDEX_OUT_OF_RANGE');
    const d7 = clone(base);
    d7.proof.pop();
    expect(codeOf(d7)).toBe('VIGIL_PROOF_PATH_INVALID');
    const d8 = clone(base);
    d8.proof.reverse();
    expect(codeOf(d8)).toBe('VIGIL_PROOF_PATH_INVALID');
    const d9 = clone(base) as unknown as Record<string, unknown>;
    d9.extra = true;
    expect(codeOf(d9)).toBe('VIGIL_PROOF_MALFORMED');
    const d10 = clone(base);
    (d10.reading as Record<string, unknown>).note = 'stray member the canonical leaf would ignore';
    expect(codeOf(d10)).toBe('VIGIL_PROOF_MALFORMED');
    const d11 = clone(base);
    d11.root = d11.root.toUpperCase().replace('0X', '0x') as typeof d11.root;
    expect(codeOf(d11)).toBe('VIGIL_PROOF_MALFORMED');
    // A leaf and root swapped in from another valid document of the same batch.
    const other = docFor(2);
    const d12 = { ...clone(base), leafHash: other.leafHash };
    expect(codeOf(d12)).toBe('VIGIL_PROOF_LEAF_MISMATCH');
    expect(codeOf('{"type":')).toBe('VIGIL_PROOF_MALFORMED');
    expect(codeOf(null)).toBe('VIGIL_PROOF_MALFORMED');
  });

  it('rejects every single-byte change of the document, except in fields only the chain can check', () => {
    const text = JSON.stringify(docFor(9));
    // Character ranges of the fields the offline check cannot judge (bound on chain instead).
    const chainOnly = (['"batch":{"gatewayId"', '"anchor":'] as const).map((k) => text.indexOf(k));
    const countAt = text.indexOf('"count":');
    const inChainOnly = (i: number) =>
      (i >= chainOnly[0]! && i < countAt) || (i >= chainOnly[1]! && i < text.length - 1);
    let checked = 0;
    for (let i = 0; i < text.length; i++) {
      for (const replacement of ['0', 'f', 'a', '"']) {
        if (text[i] === replacement) continue;
        const forged = text.slice(0, i) + replacement + text.slice(i + 1);
        const r = verifyProofDocumentOffline(forged);
        if (inChainOnly(i)) continue;
        checked++;
        expect(r.valid, `byte ${i} (${text.slice(Math.max(0, i - 12), i + 12)}) -> ${replacement}`).toBe(
          false,
        );
      }
    }
    const chainOnlyLength = countAt - chainOnly[0]! + (text.length - 1 - chainOnly[1]!);
    expect(checked).toBeGreaterThan(3 * (text.length - chainOnlyLength));
  });

  it('leaves batch identity and anchor fields to the on-chain check', () => {
    const doc = docFor(3);
    const moved = {
      ...clone(doc),
      anchor: { ...doc.anchor, blockNumber: 13 },
      batch: { ...doc.batch, seq: 4 },
    };
    // Offline this still verifies: only the chain can say which block and batch recorded the root.
    expect(codeOf(moved)).toBe('valid');
  });
});
