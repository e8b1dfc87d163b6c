import { canonicalize } from '../identity/canonicalize.ts';
import { leafHash } from './leafHash.ts';

/**
 * The Merkle leaf hash of a stored reading: SHA-256(0x00 ‖ JCS(whole SignedReading, sig included)).
 * Accepts the reading as an object (it is canonicalised here) or as its canonical JSON text.
 */
export function leafHashOfReading(reading: object | string): Buffer {
  return leafHash(typeof reading === 'string' ? reading : canonicalize(reading));
}
