import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MasterKeyError } from '../errors.ts';

export type LoadMasterKeyParameters = { dataDir: string; masterKey?: string | undefined };

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/**
 * Returns the 32-byte master key: the `masterKey` option (64 hex digits) or
 * `<dataDir>/keys/master.key`, created with mode 0600 on first use. Never logged.
 */
export function loadMasterKey({ dataDir, masterKey }: LoadMasterKeyParameters): Buffer {
  if (masterKey !== undefined) {
    if (!HEX_KEY.test(masterKey)) throw new MasterKeyError('the master key must be 64 hex digits');
    return Buffer.from(masterKey, 'hex');
  }
  const dir = join(dataDir, 'keys');
  const file = join(dir, 'master.key');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    // `wx`: never overwrite a key another process created a moment ago.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new MasterKeyError(`cannot create the master key file in ${dir}`, { cause: error });
    }
  }
  chmodSync(file, 0o600);
  const text = readFileSync(file, 'utf8').trim();
  if (!HEX_KEY.test(text))
    throw new MasterKeyError(`the master key file ${file} does not hold 64 hex digits`);
  return Buffer.from(text, 'hex');
}

/** Derives a purpose-bound 32-byte sub-key from the master key (HKDF-SHA256). */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `vigil/${purpose}`, 32));
}
