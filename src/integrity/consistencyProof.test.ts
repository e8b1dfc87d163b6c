import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consistencyProof } from './consistencyProof.ts';
import { hashLeaves } from './hashLeaves.ts';
import { leafHash } from './leafHash.ts';
import { merkleRoot } from './merkleRoot.ts';
import { refMth, refProof } from './testing/referenceMerkle.ts';
import { VECTOR_CONSISTENCY, VECTOR_LEAVES, VECTOR_ROOTS } from './testing/vectors.ts';
import { verifyConsistency } from './verifyConsistency.ts';

const hex = (b: Uint8Array[]) => b.map((x) => Buffer.from(x).toString('hex'));
const vectorLeafHashes = VECTOR_LEAVES.map((h) => leafHash(Buffer.from(h, 'hex')));
const root = (n: number) => Buffer.from(VECTOR_ROOTS[n - 1]!, 'hex');

type P = { oldSize: number; newSize: number; oldRoot: Buffer; newRoot: Buffer; proof: Uint8Array[] };
function corruptions(p: P): [string, P][] {
  const out: [string, P][] = [
    ['oldSize - 1', { ...p, oldSize: p.oldSize - 1 }],
    ['oldSize + 1', { ...p, oldSize: p.oldSize + 1 }],
    ['oldSize ^ 2', { ...p, oldSize: p.oldSize ^ 2 }],
    ['newSize * 2', { ...p, newSize: p.newSize * 2 }],
    ['newSize / 2', { ...p, newSize: Math.floor(p.newSize / 2) }],
    ['wrong old root', { ...p, oldRoot: leafHash('WrongRoot') }],
    ['wrong new root', { ...p, newRoot: leafHash('WrongRoot') }],
    ['swapped roots', { ...p, oldRoot: p.newRoot, newRoot: p.oldRoot }],
    ['empty proof', { ...p, proof: [] }],
    ['trailing garbage', { ...p, proof: [...p.proof, Buffer.alloc(0)] }],
    ['trailing old root', { ...p, proof: [...p.proof, p.oldRoot] }],
    ['trailing new root', { ...p, proof: [...p.proof, p.newRoot] }],
    ['preceding garbage', { ...p, proof: [Buffer.alloc(0), ...p.proof] }],
    ['preceding old root', { ...p, proof: [p.oldRoot, ...p.proof] }],
    ['preceding new root', { ...p, proof: [p.newRoot, ...p.proof] }],
    ['preceding proof[0]', { ...p, proof: [p.proof[0]!, ...p.proof] }],
    ['truncated proof', { ...p, proof: p.proof.slice(0, -1) }],
  ];
  for (let i = 0; i < p.proof.length; i++) {
    const proof = p.proof.map((x) => Buffer.from(x));
    proof[i]![0]! ^= 16;
    out.push([`flipped bit in proof[${i}]`, { ...p, proof }]);
  }
  return out;
}

describe('consistency proofs on the published reference tree', () => {
  for (const v of VECTOR_CONSISTENCY) {
    it(`${v.oldSize} -> ${v.newSize}: produces and verifies the published proof, rejects corruptions`, () => {
      const proof = consistencyProof(vectorLeafHashes.slice(0, v.newSize), v.oldSize);
      expect(hex(proof)).toEqual(v.proof);
      const good: P = {
        oldSize: v.oldSize,
        newSize: v.newSize,
        oldRoot: root(v.oldSize),
        newRoot: root(v.newSize),
        proof,
      };
      expect(verifyConsistency(good)).toBe(true);
      if (proof.length > 0)
        for (const [desc, bad] of corruptions(good)) expect(verifyConsistency(bad), desc).toBe(false);
    });
  }

  it('handles the edge cases of equal sizes, the empty tree and time travel', () => {
    const a = leafHash('a');
    const b = leafHash('b');
    expect(verifyConsistency({ oldSize: 0, newSize: 0, oldRoot: a, newRoot: a, proof: [] })).toBe(true);
    expect(verifyConsistency({ oldSize: 0, newSize: 1, oldRoot: a, newRoot: b, proof: [] })).toBe(true);
    expect(verifyConsistency({ oldSize: 1, newSize: 1, oldRoot: b, newRoot: b, proof: [] })).toBe(true);
    expect(verifyConsistency({ oldSize: 0, newSize: 0, oldRoot: a, newRoot: b, proof: [] })).toBe(false);
    expect(verifyConsistency({ oldSize: 1, newSize: 1, oldRoot: a, newRoot: b, proof: [] })).toBe(false);
    expect(verifyConsistency({ oldSize: 1, newSize: 0, oldRoot: a, newRoot: b, proof: [] })).toBe(false);
    expect(verifyConsistency({ oldSize: 2, newSize: 1, oldRoot: a, newRoot: b, proof: [] })).toBe(false);
    expect(verifyConsistency({ oldSize: 1, newSize: 2, oldRoot: a, newRoot: b, proof: [] })).toBe(false);
    expect(verifyConsistency({ oldSize: 1, newSize: 1, oldRoot: a, newRoot: a, proof: [a] })).toBe(false);
    expect(verifyConsistency({ oldSize: 0, newSize: 1, oldRoot: a, newRoot: a, proof: [a] })).toBe(false);
  });
});

describe('consistency proofs against the naive reference', () => {
  it('equal PROOF(m, D[n]) and verify for every m of random trees of 1..40 leaves', () => {
    for (let n = 1; n <= 40; n++) {
      const data = Array.from({ length: n }, () => randomBytes(6));
      const leaves = hashLeaves(data);
      const newRoot = refMth(data);
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(leaves, m);
        expect(hex(proof), `PROOF(${m}, D[${n}])`).toEqual(hex(refProof(m, data)));
        const oldRoot = merkleRoot(leaves.slice(0, m));
        expect(verifyConsistency({ oldSize: m, newSize: n, oldRoot, newRoot, proof }), `${m} -> ${n}`).toBe(
          true,
        );
        if (m > 0 && m < n) {
          const other = merkleRoot(hashLeaves([...data.slice(0, m - 1), Buffer.from('forged')]));
          expect(verifyConsistency({ oldSize: m, newSize: n, oldRoot: other, newRoot, proof })).toBe(false);
        }
      }
    }
  });

  it('refuses an old size larger than the tree', () => {
    expect(() => consistencyProof(hashLeaves(['a']), 2)).toThrow(
      expect.objectContaining({ code: 'VIGIL_MERKLE_INPUT_INVALID' }),
    );
  });
});
