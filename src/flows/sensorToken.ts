import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SensorTokenError } from './errors.ts';

/** File in the data directory holding the ward network sensor's bearer token. */
export const SENSOR_TOKEN_FILE = 'sensor-token';

/** Checks a presented bearer token against the sensor token (constant time, on SHA-256 digests). */
export type SensorTokenCheck = (presented: string | undefined) => boolean;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** A checker for one token; keeps only its digest. */
export function sensorTokenCheck(token: string): SensorTokenCheck {
  const expected = digest(token);
  return (presented) => presented !== undefined && timingSafeEqual(digest(presented), expected);
}

/**
 * Reads `<dataDir>/sensor-token`, or creates it (32 random bytes, base64url, mode 0600) on first start.
 * The operator copies it to the sensor; deleting the file and restarting rotates it.
 */
export async function loadOrCreateSensorToken(dataDir: string): Promise<{ path: string; token: string }> {
  const path = join(dataDir, SENSOR_TOKEN_FILE);
  try {
    const token = (await readFile(path, 'utf8')).trim();
    if (token.length < 32) {
      throw new SensorTokenError(`${path} holds a token shorter than 32 characters`, { details: { path } });
    }
    return { path, token };
  } catch (error) {
    if (error instanceof SensorTokenError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new SensorTokenError(`cannot read ${path}`, { cause: error, details: { path } });
    }
  }
  const token = randomBytes(32).toString('base64url');
  try {
    await mkdir(dataDir, { recursive: true });
    await writeFile(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (cause) {
    // Another process created it first: use theirs.
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSensorToken(dataDir);
    throw new SensorTokenError(`cannot write ${path}`, { cause, details: { path } });
  }
  return { path, token };
}
