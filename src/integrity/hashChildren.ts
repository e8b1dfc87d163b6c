import { hash } from 'node:crypto';
import { MerkleInputError } from './errors.ts';

/** RFC 6962 §2.1 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== 32 || right.length !== 32) {
    throw new MerkleInputError('node children must be 32-byte hashes', {
      details: { left: left.length, right: right.length },
    });
  }
  const buf = Buffer.allocUnsafe(65);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 33);
  return hash('sha256', buf, 'buffer');
}
