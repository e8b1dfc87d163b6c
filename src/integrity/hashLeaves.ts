import { hash } from 'node:crypto';
import { type PackedHashes, unpack } from './packedHashes.ts';

/** Parameters of {@link hashLeaves}: the canonical bytes (or canonical JSON text) of each leaf, in batch order. */
export type HashLeavesParameters = readonly (Uint8Array | string)[];

/**
 * Computes the RFC 6962 leaf hashes SHA-256(0x00 ‖ data) of a whole batch in one pass into one packed
 * buffer (hash i at bytes 32i..32i+32), reusing one scratch buffer for binary inputs.
 */
export function hashLeavesPacked(leaves: HashLeavesParameters): PackedHashes {
  const out = Buffer.allocUnsafe(leaves.length * 32);
  let scratch = Buffer.allocUnsafe(1024);
  scratch[0] = 0x00;
  for (let i = 0; i < leaves.length; i++) {
    const data = leaves[i]!;
    let digest: string;
    if (typeof data === 'string') {
      // '\u0000' encodes as the single byte 0x00 in UTF-8: the prefix comes for free.
      digest = hash('sha256', `\u0000${data}`, 'binary');
    } else {
      if (data.length + 1 > scratch.length) {
        scratch = Buffer.allocUnsafe(Math.max(data.length + 1, scratch.length * 2));
        scratch[0] = 0x00;
      }
      scratch.set(data, 1);
      digest = hash('sha256', scratch.subarray(0, data.length + 1), 'binary');
    }
    out.write(digest, i * 32, 32, 'binary');
  }
  return out;
}

/** Like {@link hashLeavesPacked}, returned as one 32-byte Buffer view per leaf (same order). */
export function hashLeaves(leaves: HashLeavesParameters): Buffer[] {
  return unpack(hashLeavesPacked(leaves));
}
