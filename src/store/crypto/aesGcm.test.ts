import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, SEAL_OVERHEAD, seal } from './aesGcm.ts';

describe('seal / open (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const aad = Buffer.from('vigil/test');

  it('round-trips and uses a fresh IV each time', () => {
    const plain = Buffer.from('canonical bytes');
    const a = seal(key, plain, aad);
    const b = seal(key, plain, aad);
    expect(a.length).toBe(plain.length + SEAL_OVERHEAD);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(open(key, a, aad, 'x').equals(plain)).toBe(true);
    expect(open(key, seal(key, Buffer.alloc(0), aad), aad, 'x').length).toBe(0);
  });

  it('refuses a flipped bit anywhere, a wrong AAD, a wrong key or a truncated blob', () => {
    const sealed = seal(key, Buffer.from('0123456789'), aad);
    for (let i = 0; i < sealed.length; i++) {
      const bad = Buffer.from(sealed);
      bad[i]! ^= 0x80;
      expect(() => open(key, bad, aad, 'x')).toThrow(
        expect.objectContaining({ code: 'VIGIL_STORE_DECRYPT_FAILED' }),
      );
    }
    expect(() => open(key, sealed, Buffer.from('other'), 'x')).toThrow(/could not decrypt/);
    expect(() => open(randomBytes(32), sealed, aad, 'x')).toThrow(/could not decrypt/);
    expect(() => open(key, sealed.subarray(0, 20), aad, 'x')).toThrow(/could not decrypt/);
  });

  it('draws distinct IVs across a refill of the IV pool', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 5000; i++) ivs.add(seal(key, Buffer.from('x'), aad).subarray(1, 13).toString('hex'));
    expect(ivs.size).toBe(5000);
  });
});
