import { createHash } from 'node:crypto';
import { canonicalBytes } from './canonicalize.ts';
import type { SignedReading } from './reading.ts';

/** The canonical bytes of a stored reading: RFC 8785 JSON of the whole signed reading, `sig` included. */
export function readingLeafBytes(reading: SignedReading): Buffer {
  return canonicalBytes({
    v: reading.v,
    deviceId: reading.deviceId,
    seq: reading.seq,
    observation: reading.observation,
    sig: reading.sig,
  });
}

/** SHA-256 of `readingLeafBytes` (the Merkle leaf data; RFC 6962 adds its 0x00 prefix on top). */
export function readingLeafHash(reading: SignedReading): Buffer {
  return createHash('sha256').update(readingLeafBytes(reading)).digest();
}
