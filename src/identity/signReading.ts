import { type KeyObject, sign } from 'node:crypto';
import { canonicalBytes } from './canonicalize.ts';
import { type SignedReading, type UnsignedReading, unsignedPart } from './reading.ts';

/** The bytes a device signs: the RFC 8785 canonical JSON of `{ v, deviceId, seq, observation }` (UTF-8). */
export function readingSignedBytes(reading: UnsignedReading): Buffer {
  return canonicalBytes(unsignedPart(reading));
}

/** Signs a reading with ECDSA P-256 / SHA-256; the signature is r‖s (64 bytes) in base64url without padding. */
export function signReading(privateKey: KeyObject, unsigned: UnsignedReading): SignedReading {
  const signature = sign('sha256', readingSignedBytes(unsigned), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return { ...unsignedPart(unsigned), sig: signature.toString('base64url') };
}
