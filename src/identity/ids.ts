import { InvalidIdError } from './errors.ts';

/** A 0x-prefixed hex string (the shape viem uses for bytes32). */
export type Hex = `0x${string}`;

/** Ids of devices, patient pseudonyms, organisations and gateways: 1-31 of `[A-Za-z0-9._-]`. */
export const ID_PATTERN = /^[A-Za-z0-9._-]{1,31}$/;

/** True when `id` is a valid Vigil id (fits bytes32 with at least one padding byte). */
export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

/** Encodes an id as bytes32: its ASCII/UTF-8 bytes right-padded with zeros. */
export function toBytes32Id(id: string): Hex {
  if (!isValidId(id)) {
    throw new InvalidIdError('an id must be 1-31 characters of letters, digits, ".", "_" or "-"', {
      details: { length: typeof id === 'string' ? (id as string).length : undefined },
    });
  }
  return `0x${Buffer.from(id, 'utf8').toString('hex').padEnd(64, '0')}`;
}

/** Decodes a bytes32 id written by `toBytes32Id`; rejects anything that would not round-trip. */
export function fromBytes32Id(hex: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex))
    throw new InvalidIdError('a bytes32 id must be 0x followed by 64 hex digits');
  const bytes = Buffer.from(hex.slice(2), 'hex');
  let end = bytes.indexOf(0);
  if (end === -1) end = 32;
  if (bytes.subarray(end).some((b) => b !== 0)) {
    throw new InvalidIdError('a bytes32 id must be right-padded with zero bytes only');
  }
  const id = bytes.subarray(0, end).toString('latin1');
  if (!isValidId(id)) throw new InvalidIdError('a bytes32 id does not decode to a valid id');
  return id;
}
