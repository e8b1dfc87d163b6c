import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildMerkleTree } from './buildMerkleTree.ts';
import { hashLeaves, hashLeavesPacked } from './hashLeaves.ts';
import { fromHex32, isHex32, toHex32 } from './hex.ts';
import { leafHash } from './leafHash.ts';
import { EMPTY_TREE_ROOT, merkleRoot } from './merkleRoot.ts';
import { toPacked, unpack } from './packedHashes.ts';
import { refMth } from './testing/referenceMerkle.ts';
import { EMPTY_ROOT_HEX, VECTOR_LEAVES, VECTOR_ROOTS } from './testing/vectors.ts';

const vectorData = VECTOR_LEAVES.map((h) => Buffer.from(h, 'hex'));

describe('merkleRoot', () => {
  it('gives SHA-256 of the empty string for the empty tree', () => {
    expect(merkleRoot([]).toString('hex')).toBe(EMPTY_ROOT_HEX);
    expect(EMPTY_TREE_ROOT.toString('hex')).toBe(EMPTY_ROOT_HEX);
  });

  it('reproduces the published roots of every prefix of the 8-leaf reference tree', () => {
    for (let n = 1; n <= 8; n++) {
      const leaves = vectorData.slice(0, n).map((d) => leafHash(d));
      expect(merkleRoot(leaves).toString('hex'), `size ${n}`).toBe(VECTOR_ROOTS[n - 1]);
      expect(buildMerkleTree(leaves).root.toString('hex'), `size ${n}`).toBe(VECTOR_ROOTS[n - 1]);
    }
  });

  it('matches the naive recursive RFC 6962 definition for random trees of 1..70 leaves', () => {
    for (let n = 1; n <= 70; n++) {
      const data = Array.from({ length: n }, () => randomBytes(1 + (n % 50)));
      const leaves = hashLeaves(data);
      const expected = refMth(data).toString('hex');
      expect(merkleRoot(leaves).toString('hex'), `size ${n}`).toBe(expected);
      expect(buildMerkleTree(leaves).root.toString('hex'), `size ${n}`).toBe(expected);
    }
  });

  it('matches the reference for a few larger, non-power-of-two sizes', () => {
    for (const n of [127, 128, 129, 1000, 1025]) {
      const data = Array.from({ length: n }, (_, i) => Buffer.from(`reading-${i}`));
      expect(merkleRoot(hashLeaves(data)).equals(refMth(data)), `size ${n}`).toBe(true);
    }
  });

  it('does not mutate the caller’s leaf array', () => {
    const leaves = hashLeaves(['a', 'b', 'c']);
    const copy = leaves.map((l) => Buffer.from(l));
    merkleRoot(leaves);
    buildMerkleTree(leaves);
    expect(leaves).toEqual(copy);
  });

  it('rejects leaf hashes that are not 32 bytes', () => {
    expect(() => merkleRoot([Buffer.alloc(31)])).toThrow(
      expect.objectContaining({ code: 'VIGIL_MERKLE_INPUT_INVALID' }),
    );
    expect(() => buildMerkleTree([leafHash('a'), Buffer.alloc(33)])).toThrow(
      expect.objectContaining({ code: 'VIGIL_MERKLE_INPUT_INVALID' }),
    );
  });
});

describe('hashLeaves / leafHash', () => {
  it('hashes strings as their UTF-8 bytes and agrees with leafHash', () => {
    const texts = ['', 'x', '{"a":"é✓"}', 'z'.repeat(3000)];
    const fromStrings = hashLeaves(texts);
    const fromBytes = hashLeaves(texts.map((t) => Buffer.from(t, 'utf8')));
    for (let i = 0; i < texts.length; i++) {
      expect(fromStrings[i]!.equals(fromBytes[i]!)).toBe(true);
      expect(fromStrings[i]!.equals(leafHash(texts[i]!))).toBe(true);
      expect(fromStrings[i]!.equals(refMth([Buffer.from(texts[i]!, 'utf8')]))).toBe(true);
    }
  });

  it('gives the published single-leaf root for the empty leaf', () => {
    expect(leafHash(new Uint8Array()).toString('hex')).toBe(VECTOR_ROOTS[0]);
  });
});

describe('packed hashes', () => {
  it('gives the same roots, trees and leaves from packed buffers as from arrays', () => {
    const texts = Array.from({ length: 37 }, (_, i) => `p${i}`);
    const packed = hashLeavesPacked(texts);
    const arr = hashLeaves(texts);
    expect(packed.length).toBe(37 * 32);
    expect(unpack(packed).map((b) => b.toString('hex'))).toEqual(arr.map((b) => b.toString('hex')));
    expect(merkleRoot(packed).equals(merkleRoot(arr))).toBe(true);
    expect(buildMerkleTree(packed).root.equals(merkleRoot(arr))).toBe(true);
    expect(toPacked(arr).equals(packed)).toBe(true);
    expect(merkleRoot(new Uint8Array(packed)).equals(merkleRoot(arr))).toBe(true);
  });

  it('rejects a packed buffer that is not a whole number of hashes', () => {
    expect(() => merkleRoot(Buffer.alloc(33))).toThrow(
      expect.objectContaining({ code: 'VIGIL_MERKLE_INPUT_INVALID' }),
    );
  });

  it('does not modify the packed input while reducing', () => {
    const packed = hashLeavesPacked(['a', 'b', 'c', 'd', 'e']);
    const copy = Buffer.from(packed);
    merkleRoot(packed);
    buildMerkleTree(packed);
    expect(packed.equals(copy)).toBe(true);
  });
});

describe('hex32', () => {
  it('round-trips and accepts only 0x + 64 lowercase hex digits', () => {
    const h = leafHash('x');
    expect(fromHex32(toHex32(h)).equals(h)).toBe(true);
    expect(isHex32(toHex32(h))).toBe(true);
    for (const bad of [
      toHex32(h).toUpperCase(),
      toHex32(h).slice(2),
      `${toHex32(h)}0`,
      42,
      `0x${'g'.repeat(64)}`,
    ]) {
      expect(isHex32(bad), String(bad)).toBe(false);
    }
    expect(() => toHex32(Buffer.alloc(31))).toThrow(
      expect.objectContaining({ code: 'VIGIL_MERKLE_INPUT_INVALID' }),
    );
  });
});
