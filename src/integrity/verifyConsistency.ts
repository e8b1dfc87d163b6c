import { hashChildren } from './hashChildren.ts';

/** Parameters of {@link verifyConsistency}. */
export type VerifyConsistencyParameters = {
  oldSize: number;
  newSize: number;
  oldRoot: Uint8Array;
  newRoot: Uint8Array;
  proof: readonly Uint8Array[];
};

/**
 * RFC 9162 §2.1.4.2: true when `proof` shows the tree (oldSize, oldRoot) is a prefix of (newSize, newRoot).
 * Equal sizes need equal roots and an empty proof; the empty tree is a prefix of every tree.
 */
export function verifyConsistency(p: VerifyConsistencyParameters): boolean {
  const { oldSize, newSize, oldRoot, newRoot, proof } = p;
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize)) return false;
  if (oldSize < 0 || newSize < oldSize) return false;
  if (oldRoot.length !== 32 || newRoot.length !== 32) return false;
  if (oldSize === newSize) return proof.length === 0 && Buffer.from(oldRoot).equals(newRoot);
  if (oldSize === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  for (const c of proof) if (c.length !== 32) return false;

  // Step 2: when oldSize is a power of two the old root is itself the first node of the path.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(Math.log2(n));
}
