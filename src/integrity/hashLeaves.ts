import { hash } from 'node:crypto';

/** Parameters of {@link hashLeaves}: the canonical bytes (or canonical JSON text) of each leaf, in batch order. */
export type HashLeavesParameters = readonly (Uint8Array | string)[];
/** One 32-byte RFC 6962 leaf hash per input, in the same order. */
export type HashLeavesReturnType = Buffer[];

/**
 * Computes the RFC 6962 leaf hashes SHA-256(0x00 ‖ data) of a whole batch in one pass, reusing one
 * scratch buffer for binary inputs so no per-leaf concatenation is allocated.
 */
export function hashLeaves(leaves: HashLeavesParameters): HashLeavesReturnType {
  const out: Buffer[] = new Array(leaves.length);
  let scratch = Buffer.allocUnsafe(1024);
  scratch[0] = 0x00;
  for (let i = 0; i < leaves.length; i++) {
    const data = leaves[i]!;
    if (typeof data === 'string') {
      // '\u0000' encodes as the single byte 0x00 in UTF-8: the prefix comes for free.
      out[i] = hash('sha256', `\u0000${data}`, 'buffer');
      continue;
    }
    if (data.length + 1 > scratch.length) {
      scratch = Buffer.allocUnsafe(Math.max(data.length + 1, scratch.length * 2));
      scratch[0] = 0x00;
    }
    scratch.set(data, 1);
    out[i] = hash('sha256', scratch.subarray(0, data.length + 1), 'buffer');
  }
  return out;
}
