import { type Hex, stringToHex } from 'viem';

/** A short id as bytes32 (utf-8, right-padded), as ids go on chain. */
export const id = (value: string): Hex => stringToHex(value, { size: 32 });

/** A valid-looking 65-byte SEC1 uncompressed public key (0x04 ‖ X ‖ Y) filled with `fill`. */
export const publicKey = (fill: number): Hex => `0x04${fill.toString(16).padStart(2, '0').repeat(64)}`;
