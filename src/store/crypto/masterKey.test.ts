import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveKey, loadMasterKey } from './masterKey.ts';

describe('loadMasterKey', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'vigil-mk-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('uses the given hex key', () => {
    expect(loadMasterKey({ dataDir: dir(), masterKey: 'ab'.repeat(32) }).equals(Buffer.alloc(32, 0xab))).toBe(
      true,
    );
  });

  it('creates the key file once and reads the same key afterwards', () => {
    const d = dir();
    const first = loadMasterKey({ dataDir: d });
    expect(first.length).toBe(32);
    expect(readFileSync(join(d, 'keys', 'master.key'), 'utf8').trim()).toBe(first.toString('hex'));
    expect(loadMasterKey({ dataDir: d }).equals(first)).toBe(true);
  });

  it('refuses malformed keys', () => {
    expect(() => loadMasterKey({ dataDir: dir(), masterKey: 'abc' })).toThrow(
      expect.objectContaining({ code: 'VIGIL_STORE_MASTER_KEY_INVALID' }),
    );
  });

  it('derives different sub-keys per purpose', () => {
    const master = Buffer.alloc(32, 1);
    expect(deriveKey(master, 'a').equals(deriveKey(master, 'b'))).toBe(false);
    expect(deriveKey(master, 'a').equals(deriveKey(master, 'a'))).toBe(true);
  });
});
