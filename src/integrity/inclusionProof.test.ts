import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildMerkleTree } from './buildMerkleTree.ts';
import { hashChildren } from './hashChildren.ts';
import { hashLeaves } from './hashLeaves.ts';
import { inclusionProof } from './inclusionProof.ts';
import { leafHash } from './leafHash.ts';
import { merkleRoot } from './merkleRoot.ts';
import { refMth, refPath } from './testing/referenceMerkle.ts';
import { VECTOR_INCLUSION, VECTOR_LEAVES, VECTOR_ROOTS } from './testing/vectors.ts';
import { rootFromInclusionProof, verifyInclusion } from './verifyInclusion.ts';

const hex = (b: Uint8Array[]) => b.map((x) => Buffer.from(x).toString('hex'));
const vectorLeafHashes = VECTOR_LEAVES.map((h) => leafHash(Buffer.from(h, 'hex')));

/** Corruptions in the style of transparency-dev's corruptInclusionProof; none may verify. */
function corruptions(p: {
  leafHash: Buffer;
  index: number;
  treeSize: number;
  proof: Uint8Array[];
  root: Buffer;
}) {
  const some = Buffer.from('abacaba000000000000000000000000000000000000000000060061e00123456', 'hex');
  const out: [string, typeof p][] = [
    ['index - 1', { ...p, index: p.index - 1 }],
    ['index + 1', { ...p, index: p.index + 1 }],
    ['index ^ 2', { ...p, index: p.index ^ 2 }],
    ['treeSize * 2', { ...p, treeSize: p.treeSize * 2 }],
    ['treeSize / 2', { ...p, treeSize: Math.floor(p.treeSize / 2) }],
    ['wrong leaf', { ...p, leafHash: leafHash('WrongLeaf') }],
    ['random root', { ...p, root: some }],
    ['trailing garbage', { ...p, proof: [...p.proof, Buffer.alloc(0)] }],
    ['trailing root', { ...p, proof: [...p.proof, p.root] }],
    ['preceding garbage', { ...p, proof: [Buffer.alloc(0), ...p.proof] }],
    ['preceding root', { ...p, proof: [p.root, ...p.proof] }],
  ];
  for (let i = 0; i < p.proof.length; i++) {
    const proof = p.proof.map((x) => Buffer.from(x));
    proof[i]![0]! ^= 8;
    out.push([`flipped bit in proof[${i}]`, { ...p, proof }]);
  }
  if (p.proof.length > 0) out.push(['removed component', { ...p, proof: p.proof.slice(0, -1) }]);
  if (p.proof.length > 1)
    out.push(['inserted component', { ...p, proof: [p.proof[0]!, some, ...p.proof.slice(1)] }]);
  return out;
}

describe('inclusion proofs on the published reference tree', () => {
  for (const v of VECTOR_INCLUSION) {
    it(`leaf ${v.index} of ${v.treeSize}: produces and verifies the published path, rejects corruptions`, () => {
      const leaves = vectorLeafHashes.slice(0, v.treeSize);
      const proof = inclusionProof(leaves, v.index);
      expect(hex(proof)).toEqual(v.proof);
      const root = Buffer.from(VECTOR_ROOTS[v.treeSize - 1]!, 'hex');
      const good = {
        leafHash: vectorLeafHashes[v.index]!,
        index: v.index,
        treeSize: v.treeSize,
        proof,
        root,
      };
      expect(verifyInclusion(good)).toBe(true);
      for (const [desc, bad] of corruptions(good)) expect(verifyInclusion(bad), desc).toBe(false);
    });
  }

  it('rejects degenerate sizes and indexes', () => {
    const h = leafHash('x');
    for (const [index, treeSize] of [
      [0, 0],
      [1, 0],
      [2, 1],
      [-1, 1],
      [0.5, 2],
    ] as const) {
      expect(
        verifyInclusion({ leafHash: h, index, treeSize, proof: [], root: h }),
        `${index}/${treeSize}`,
      ).toBe(false);
    }
    expect(verifyInclusion({ leafHash: h, index: 0, treeSize: 1, proof: [], root: h })).toBe(true);
    expect(
      verifyInclusion({ leafHash: Buffer.alloc(0), index: 0, treeSize: 1, proof: [], root: Buffer.alloc(0) }),
    ).toBe(false);
  });
});

describe('inclusion proofs against the naive reference', () => {
  it('equal PATH(m, D[n]) and verify for every index of random trees of 1..70 leaves', () => {
    for (let n = 1; n <= 70; n++) {
      const data = Array.from({ length: n }, () => randomBytes(8));
      const leaves = hashLeaves(data);
      const tree = buildMerkleTree(leaves);
      const root = refMth(data);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(tree, m);
        expect(hex(proof), `PATH(${m}, D[${n}])`).toEqual(hex(refPath(m, data)));
        expect(
          rootFromInclusionProof({ leafHash: leaves[m]!, index: m, treeSize: n, proof })?.equals(root),
        ).toBe(true);
        // Another leaf or a neighbouring index must not verify with this path.
        if (n > 1) {
          expect(
            verifyInclusion({ leafHash: leaves[(m + 1) % n]!, index: m, treeSize: n, proof, root }),
          ).toBe(false);
          expect(
            verifyInclusion({ leafHash: leaves[m]!, index: (m + 1) % n, treeSize: n, proof, root }),
          ).toBe(false);
        }
      }
    }
  });

  it('takes proofs from a leaf array or a prebuilt tree alike', () => {
    const leaves = hashLeaves(Array.from({ length: 13 }, (_, i) => `r${i}`));
    expect(hex(inclusionProof(leaves, 12))).toEqual(hex(inclusionProof(buildMerkleTree(leaves), 12)));
    expect(merkleRoot(leaves).equals(buildMerkleTree(leaves).root)).toBe(true);
  });

  it('refuses an index outside the tree', () => {
    const leaves = hashLeaves(['a', 'b']);
    for (const i of [-1, 2, 1.5]) {
      expect(() => inclusionProof(leaves, i)).toThrow(
        expect.objectContaining({ code: 'VIGIL_MERKLE_INPUT_INVALID' }),
      );
    }
  });
});

/** RFC 9162 §2.1.3.2 with BigInt and real bit operations: checks the plain-arithmetic version beyond 2^32. */
function bigRoot(leaf: Buffer, index: bigint, size: bigint, proof: Buffer[]): string | null {
  if (index >= size) return null;
  let fn = index;
  let sn = size - 1n;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = hashChildren(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r.toString('hex') : null;
}

describe('rootFromInclusionProof with indexes beyond 32 bits', () => {
  it('agrees with a BigInt bit-operation reference for random huge trees', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let wellFormed = 0;
    for (let k = 0; k < 300; k++) {
      const size = 1 + Math.floor(rnd() * 2 ** (20 + Math.floor(rnd() * 33)));
      const index = Math.floor(rnd() * size);
      // Around the real path length (floor or ceil of log2 size), so many proofs have a valid shape.
      const len = Math.max(0, Math.ceil(Math.log2(size)) - 1 + Math.floor(rnd() * 3));
      const proof = Array.from({ length: len }, (_, i) => leafHash(`p${k}-${i}`));
      const leaf = leafHash(`leaf${k}`);
      const got = rootFromInclusionProof({ leafHash: leaf, index, treeSize: size, proof });
      expect(got?.toString('hex') ?? null, `${index}/${size} len ${len}`).toBe(
        bigRoot(leaf, BigInt(index), BigInt(size), proof),
      );
      if (got) wellFormed++;
    }
    expect(wellFormed).toBeGreaterThan(50);
  });
});
