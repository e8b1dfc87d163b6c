import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import { DecryptFailedError } from '../errors.ts';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes added to a plaintext: version (1) + IV (12) + tag (16). */
export const SEAL_OVERHEAD = 1 + IV_BYTES + TAG_BYTES;

// Random IVs drawn from a pool: one getrandom call per 4096 IVs instead of one per encryption.
const POOL_IVS = 4096;
const ivPool = Buffer.alloc(POOL_IVS * IV_BYTES);
let ivNext = POOL_IVS;
function nextIv(out: Buffer, offset: number): void {
  if (ivNext === POOL_IVS) {
    randomFillSync(ivPool);
    ivNext = 0;
  }
  ivPool.copy(out, offset, ivNext * IV_BYTES, (ivNext + 1) * IV_BYTES);
  ivNext++;
}

/** AES-256-GCM with a fresh random IV: returns `0x01 ‖ iv ‖ tag ‖ ciphertext`, `aad` authenticated. */
export function seal(key: Buffer, plaintext: Uint8Array, aad: Buffer): Buffer {
  const out = Buffer.allocUnsafe(SEAL_OVERHEAD + plaintext.length);
  out[0] = VERSION;
  nextIv(out, 1);
  const cipher = createCipheriv('aes-256-gcm', key, out.subarray(1, 1 + IV_BYTES));
  cipher.setAAD(aad);
  const head = cipher.update(plaintext);
  const tail = cipher.final();
  head.copy(out, SEAL_OVERHEAD);
  tail.copy(out, SEAL_OVERHEAD + head.length);
  cipher.getAuthTag().copy(out, 1 + IV_BYTES);
  return out;
}

/** Reverses {@link seal}; any change to version, IV, tag, ciphertext or `aad` throws `VIGIL_STORE_DECRYPT_FAILED`. */
export function open(key: Buffer, sealed: Uint8Array, aad: Buffer, what: string): Buffer {
  if (sealed.length < SEAL_OVERHEAD || sealed[0] !== VERSION) throw new DecryptFailedError(what);
  const buf = Buffer.isBuffer(sealed) ? sealed : Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(aad);
    decipher.setAuthTag(buf.subarray(1 + IV_BYTES, SEAL_OVERHEAD));
    const head = decipher.update(buf.subarray(SEAL_OVERHEAD));
    const tail = decipher.final();
    return tail.length === 0 ? head : Buffer.concat([head, tail]);
  } catch (error) {
    throw new DecryptFailedError(what, { cause: error });
  }
}
