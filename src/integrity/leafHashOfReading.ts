import { readingLeafBytes, type SignedReading } from '../identity/index.ts';
import { leafHash } from './leafHash.ts';

/**
 * The Merkle leaf hash of a stored reading: SHA-256(0x00 ‖ JCS(whole SignedReading, sig included)).
 * The same value as identity's `readingLeafHash`.
 */
export function leafHashOfReading(reading: SignedReading): Buffer {
  return leafHash(readingLeafBytes(reading));
}
