import type { KeyObject } from 'node:crypto';
import { importPublicKeySec1 } from './keys.ts';

/** A bounded cache of imported public keys, keyed by their SEC1 bytes. */
export type PublicKeyCache = {
  /** The KeyObject for these 65 SEC1 bytes, imported once and then reused. */
  get(sec1: Uint8Array): KeyObject;
  readonly size: number;
};

/**
 * Creates a least-recently-used cache of public KeyObjects so a reading never pays for
 * a key import (importing costs about as much as a verification).
 */
export function createPublicKeyCache({ max = 65_536 }: { max?: number } = {}): PublicKeyCache {
  const map = new Map<string, KeyObject>();
  return {
    get(sec1) {
      const id = Buffer.from(sec1.buffer, sec1.byteOffset, sec1.byteLength).toString('base64');
      const hit = map.get(id);
      if (hit) {
        map.delete(id);
        map.set(id, hit);
        return hit;
      }
      const key = importPublicKeySec1(sec1);
      map.set(id, key);
      if (map.size > max) map.delete(map.keys().next().value as string);
      return key;
    },
    get size() {
      return map.size;
    },
  };
}
