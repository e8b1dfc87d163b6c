import type { Hex } from 'viem';

/** Bytes as 0x-prefixed hex, the form viem passes `bytes` arguments in. */
export function toHexBytes(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

/** 0x-prefixed hex as bytes. */
export function fromHexBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex.replace(/^0x/, ''), 'hex'));
}
