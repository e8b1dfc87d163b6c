import { MerkleInputError } from './errors.ts';

/** A 0x-prefixed lowercase hex string (the shape viem uses for bytes32). */
export type Hex32 = `0x${string}`;

const HEX32 = /^0x[0-9a-f]{64}$/;

/** Encodes a 32-byte hash as 0x-prefixed lowercase hex. */
export function toHex32(bytes: Uint8Array): Hex32 {
  if (bytes.length !== 32)
    throw new MerkleInputError('a hash must be 32 bytes', { details: { length: bytes.length } });
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, 32).toString('hex')}`;
}

/** True when `value` is exactly 0x followed by 64 lowercase hex digits (the only accepted spelling). */
export function isHex32(value: unknown): value is Hex32 {
  return typeof value === 'string' && HEX32.test(value);
}

/** Decodes a strict 0x-prefixed lowercase 64-digit hex string into 32 bytes. */
export function fromHex32(value: string): Buffer {
  if (!isHex32(value)) throw new MerkleInputError('expected 0x followed by 64 lowercase hex digits');
  return Buffer.from(value.slice(2), 'hex');
}
