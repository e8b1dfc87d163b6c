import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { InvalidKeyError } from './errors.ts';

/** A device key pair as node:crypto KeyObjects (P-256 / prime256v1). */
export type DeviceKeyPair = { publicKey: KeyObject; privateKey: KeyObject };

// DER SubjectPublicKeyInfo header for id-ecPublicKey + prime256v1 with a 65-byte uncompressed point.
const SPKI_P256_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

/** Generates a fresh ECDSA P-256 key pair for a device. */
export function generateDeviceKeyPair(): DeviceKeyPair {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

function assertP256(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new InvalidKeyError(`${what} is not an ECDSA P-256 key`);
  }
}

/** Exports a public key as SEC1 uncompressed bytes (65 bytes: 0x04 ‖ X ‖ Y), the form stored on chain. */
export function exportPublicKeySec1(publicKey: KeyObject): Uint8Array {
  const key = publicKey.type === 'private' ? createPublicKey(publicKey) : publicKey;
  assertP256(key, 'the public key');
  const der = key.export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(der.length - 65));
}

/** Imports a 65-byte SEC1 uncompressed P-256 public key; OpenSSL rejects points off the curve. */
export function importPublicKeySec1(bytes: Uint8Array): KeyObject {
  if (bytes.length !== 65 || bytes[0] !== 0x04) {
    throw new InvalidKeyError(
      'a device public key must be 65 bytes of SEC1 uncompressed form (0x04 ‖ X ‖ Y)',
    );
  }
  try {
    return createPublicKey({ key: Buffer.concat([SPKI_P256_PREFIX, bytes]), format: 'der', type: 'spki' });
  } catch (cause) {
    throw new InvalidKeyError('the public key is not a point on P-256', { cause });
  }
}

/** Exports a private key as PKCS#8 PEM. */
export function exportPrivateKeyPem(privateKey: KeyObject): string {
  assertP256(privateKey, 'the private key');
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** Imports a PKCS#8 (or SEC1 "EC PRIVATE KEY") PEM private key and checks it is P-256. */
export function importPrivateKeyPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (cause) {
    throw new InvalidKeyError('the private key PEM cannot be decoded', { cause });
  }
  assertP256(key, 'the private key');
  return key;
}

/** Writes a private key as PKCS#8 PEM to `path` with mode 0600 (owner read/write only). */
export async function writePrivateKeyFile(path: string, privateKey: KeyObject): Promise<void> {
  await writeFile(path, exportPrivateKeyPem(privateKey), { mode: 0o600 });
  // The mode above applies only on creation (and is masked by umask); enforce it for existing files too.
  await chmod(path, 0o600);
}

/** Reads a PEM private key file written by `writePrivateKeyFile`. */
export async function readPrivateKeyFile(path: string): Promise<KeyObject> {
  return importPrivateKeyPem(await readFile(path, 'utf8'));
}
