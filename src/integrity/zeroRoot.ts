import type { Hex32 } from './hex.ts';

/** The previous root of a gateway's first batch: 32 zero bytes (as DataAnchor expects). */
export const ZERO_ROOT: Hex32 = `0x${'00'.repeat(32)}`;

/** {@link ZERO_ROOT} as bytes. */
export const ZERO_ROOT_BYTES: Buffer = Buffer.alloc(32);
