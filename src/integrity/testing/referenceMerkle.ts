import { createHash } from 'node:crypto';

// Naive, literal transcription of RFC 6962 §2.1 (recursive, allocation-heavy): the oracle the fast
// implementations are compared against in tests. Not for production use.

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** k: the largest power of two smaller than n. */
const split = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1);

/** MTH(D[n]) over raw leaf data. */
export function refMth(data: readonly Uint8Array[]): Buffer {
  if (data.length === 0) return sha256();
  if (data.length === 1) return sha256(Buffer.from([0]), data[0]!);
  const k = split(data.length);
  return sha256(Buffer.from([1]), refMth(data.slice(0, k)), refMth(data.slice(k)));
}

/** PATH(m, D[n]) over raw leaf data. */
export function refPath(m: number, data: readonly Uint8Array[]): Buffer[] {
  if (data.length <= 1) return [];
  const k = split(data.length);
  if (m < k) return [...refPath(m, data.slice(0, k)), refMth(data.slice(k))];
  return [...refPath(m - k, data.slice(k)), refMth(data.slice(0, k))];
}

/** PROOF(m, D[n]) over raw leaf data. */
export function refProof(m: number, data: readonly Uint8Array[]): Buffer[] {
  if (m === 0 || m === data.length) return [];
  return refSubproof(m, data, true);
}

function refSubproof(m: number, data: readonly Uint8Array[], b: boolean): Buffer[] {
  const n = data.length;
  if (m === n) return b ? [] : [refMth(data)];
  const k = split(n);
  if (m <= k) return [...refSubproof(m, data.slice(0, k), b), refMth(data.slice(k))];
  return [...refSubproof(m - k, data.slice(k), false), refMth(data.slice(0, k))];
}
