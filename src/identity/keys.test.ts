import { createPublicKey } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  exportPrivateKeyPem,
  exportPublicKeySec1,
  generateDeviceKeyPair,
  importPrivateKeyPem,
  importPublicKeySec1,
  readPrivateKeyFile,
  writePrivateKeyFile,
} from './keys.ts';
import { createPublicKeyCache } from './publicKeyCache.ts';

describe('device keys', () => {
  it('exports the public key as 65 SEC1 bytes matching the JWK coordinates', () => {
    const { publicKey } = generateDeviceKeyPair();
    const sec1 = exportPublicKeySec1(publicKey);
    const jwk = publicKey.export({ format: 'jwk' });
    expect(sec1.length).toBe(65);
    expect(sec1[0]).toBe(4);
    expect(Buffer.from(sec1.subarray(1, 33)).toString('base64url')).toBe(jwk.x);
    expect(Buffer.from(sec1.subarray(33)).toString('base64url')).toBe(jwk.y);
    const back = importPublicKeySec1(sec1);
    expect(back.equals(publicKey)).toBe(true);
  });

  it('derives the public key from a private KeyObject too', () => {
    const { publicKey, privateKey } = generateDeviceKeyPair();
    expect(Buffer.from(exportPublicKeySec1(privateKey))).toEqual(Buffer.from(exportPublicKeySec1(publicKey)));
  });

  it('rejects malformed and off-curve public keys', () => {
    const sec1 = exportPublicKeySec1(generateDeviceKeyPair().publicKey);
    expect(() => importPublicKeySec1(sec1.subarray(0, 64))).toThrow(/65 bytes/);
    const compressed = new Uint8Array(sec1);
    compressed[0] = 2;
    expect(() => importPublicKeySec1(compressed)).toThrow(/65 bytes/);
    const offCurve = new Uint8Array(sec1);
    offCurve[64] = offCurve[64]! ^ 1;
    expect(() => importPublicKeySec1(offCurve)).toThrow(
      expect.objectContaining({ code: 'VIGIL_KEY_INVALID' }),
    );
  });

  it('round-trips private keys through PKCS#8 PEM and refuses other curves', () => {
    const { privateKey, publicKey } = generateDeviceKeyPair();
    const pem = exportPrivateKeyPem(privateKey);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(createPublicKey(importPrivateKeyPem(pem)).equals(publicKey)).toBe(true);
    expect(() => importPrivateKeyPem('not a pem')).toThrow(/cannot be decoded/);
  });

  it('writes private key files with mode 0600', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-keys-'));
    try {
      const { privateKey } = generateDeviceKeyPair();
      const file = join(dir, 'dev.pem');
      await writePrivateKeyFile(file, privateKey);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await readPrivateKeyFile(file)).equals(privateKey)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('caches imported public keys and evicts the least recently used', () => {
    const cache = createPublicKeyCache({ max: 2 });
    const [a, b, c] = [1, 2, 3].map(() => exportPublicKeySec1(generateDeviceKeyPair().publicKey)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    const ka = cache.get(a);
    expect(cache.get(new Uint8Array(a))).toBe(ka);
    cache.get(b);
    cache.get(a); // a is now the most recent
    cache.get(c); // evicts b
    expect(cache.size).toBe(2);
    expect(cache.get(a)).toBe(ka);
  });
});
