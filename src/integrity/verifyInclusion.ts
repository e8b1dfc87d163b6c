import { hash } from 'node:crypto';

/** Parameters of {@link verifyInclusion}. */
export type VerifyInclusionParameters = {
  leafHash: Uint8Array;
  index: number;
  treeSize: number;
  proof: readonly Uint8Array[];
  root: Uint8Array;
};

/**
 * The root that an inclusion proof leads to, following RFC 9162 §2.1.3.2, or null when the proof cannot
 * belong to a tree of that size (index out of range, wrong length, hashes not 32 bytes).
 */
export function rootFromInclusionProof(p: Omit<VerifyInclusionParameters, 'root'>): Buffer | null {
  const { leafHash, index, treeSize, proof } = p;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize)) return null;
  if (index < 0 || index >= treeSize || leafHash.length !== 32) return null;
  // Plain arithmetic rather than bit operators: indexes may exceed 2^31.
  let fn = index;
  let sn = treeSize - 1;
  // One reused 65-byte buffer for 0x01 ‖ left ‖ right; the running hash is a 32-char binary string
  // (cheaper to allocate than a Buffer per step).
  const buf = Buffer.allocUnsafe(65);
  buf[0] = 0x01;
  let r: string = Buffer.from(leafHash.buffer, leafHash.byteOffset, 32).toString('binary');
  for (const p of proof) {
    if (sn === 0 || p.length !== 32) return null;
    if (fn % 2 === 1 || fn === sn) {
      buf.set(p, 1);
      buf.write(r, 33, 32, 'binary');
      r = hash('sha256', buf, 'binary');
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      buf.write(r, 1, 32, 'binary');
      buf.set(p, 33);
      r = hash('sha256', buf, 'binary');
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? Buffer.from(r, 'binary') : null;
}

/** RFC 9162 §2.1.3.2: true when `proof` shows `leafHash` at `index` in the tree of `treeSize` with `root`. */
export function verifyInclusion(p: VerifyInclusionParameters): boolean {
  if (p.root.length !== 32) return false;
  const r = rootFromInclusionProof(p);
  return r?.equals(p.root) === true;
}
