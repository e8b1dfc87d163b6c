import { type KeyObject, verify } from 'node:crypto';
import type { SignedReading } from './reading.ts';
import { readingSignedBytes } from './signReading.ts';

// 64 bytes in unpadded base64url is exactly 86 characters; the last one carries 4 bits, so
// only [AQgw] keep the two spare bits zero (rejects the 3 non-canonical aliases of each signature).
const SIG_PATTERN = /^[A-Za-z0-9_-]{85}[AQgw]$/;

/** Decodes a reading's `sig` into its 64 r‖s bytes, or undefined when it is not canonical base64url of 64 bytes. */
export function decodeSignature(sig: unknown): Buffer | undefined {
  if (typeof sig !== 'string' || !SIG_PATTERN.test(sig)) return undefined;
  return Buffer.from(sig, 'base64url');
}

/**
 * Checks a reading's ECDSA P-256 signature against the device's public KeyObject (import keys once,
 * e.g. with `createPublicKeyCache`). Returns false for a malformed or wrong signature; never throws on bad input.
 */
export function verifyReadingSignature(publicKey: KeyObject, reading: SignedReading): boolean {
  const signature = decodeSignature(reading.sig);
  if (!signature) return false;
  let message: Buffer;
  try {
    message = readingSignedBytes(reading);
  } catch {
    return false;
  }
  return verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
}
