import type { ReadingInput, Store } from '../store/index.ts';
import { leafHash } from './leafHash.ts';

/**
 * Wraps a store so every inserted reading records its RFC 6962 Merkle leaf hash
 * SHA-256(0x00 ‖ canonical) in `leaf_hash`: the value batches, proofs and `vigil verify` use.
 * (The store's own default is the same value; the wrapper makes the contract explicit.)
 */
export function withMerkleLeafHashes<S extends Store>(store: S): S {
  const insertReadings = (rows: readonly ReadingInput[]) =>
    store.insertReadings(rows.map((r) => (r.leafHash ? r : { ...r, leafHash: leafHash(r.canonical) })));
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'insertReadings') return insertReadings;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
