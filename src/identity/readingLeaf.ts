import { createHash } from 'node:crypto';
import { canonicalBytes } from './canonicalize.ts';
import type { SignedReading } from './reading.ts';

const SIGNED_TAIL = Buffer.from(',"v":1}');
const SAFE_SIG = /^[A-Za-z0-9_-]+$/;

/**
 * The canonical bytes of a stored reading: RFC 8785 JSON of the whole signed reading, `sig` included.
 * Pass the reading's already computed signed bytes (`readingSignedBytes`) to skip a second
 * canonicalisation: JCS member order is deviceId, observation, seq, sig, v, so `sig` slots in before `v`.
 */
export function readingLeafBytes(reading: SignedReading, signedBytes?: Uint8Array): Buffer {
  if (
    signedBytes !== undefined &&
    reading.v === 1 &&
    typeof reading.sig === 'string' &&
    SAFE_SIG.test(reading.sig) &&
    SIGNED_TAIL.equals(signedBytes.subarray(signedBytes.length - SIGNED_TAIL.length))
  ) {
    return Buffer.concat([
      signedBytes.subarray(0, signedBytes.length - SIGNED_TAIL.length),
      Buffer.from(`,"sig":"${reading.sig}","v":1}`),
    ]);
  }
  return canonicalBytes({
    v: reading.v,
    deviceId: reading.deviceId,
    seq: reading.seq,
    observation: reading.observation,
    sig: reading.sig,
  });
}

const LEAF_PREFIX = Buffer.from([0x00]);

/**
 * The RFC 6962 Merkle leaf hash of a reading, SHA-256(0x00 ‖ readingLeafBytes): the one value the
 * store's `leaf_hash`, batch roots, proofs and `vigil verify` all use.
 */
export function readingLeafHash(reading: SignedReading, signedBytes?: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(readingLeafBytes(reading, signedBytes)).digest();
}
