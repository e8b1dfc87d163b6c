import { readingLeafBytes, type SignedReading } from '../identity/index.ts';
import { leafHash } from './leafHash.ts';

/**
 * The Merkle leaf hash of a stored reading: SHA-256(0x00 ‖ JCS(whole SignedReading, sig included)).
 * Not the same value as identity's `readingLeafHash`, which is SHA-256 of the bytes without the prefix.
 */
export function leafHashOfReading(reading: SignedReading): Buffer {
  return leafHash(readingLeafBytes(reading));
}
