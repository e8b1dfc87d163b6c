import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { importPublicKeySec1, readPrivateKeyFile } from '../../identity/index.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/vigil.js', import.meta.url));
const vigil = async (...args: string[]) =>
  (await run(process.execPath, [BIN, ...args], { timeout: 60_000 })).stdout;

// These run the real `node bin/vigil.js`, so the verification worker is loaded by plain Node, not vitest.
describe('vigil readings (plain node)', () => {
  it('bench-verify runs the worker pool and reports both figures', async () => {
    const r = JSON.parse(
      await vigil('readings', 'bench-verify', '--seconds', '0.2', '--workers', '1', '--json'),
    );
    expect(r.workers).toBe(1);
    expect(r.singleThreadPerSec).toBeGreaterThan(0);
    expect(r.poolPerSec).toBeGreaterThan(0);
    expect(r.messageBytes).toBeGreaterThan(300);
  });

  it('demo --check verifies every simulated reading in the pool', async () => {
    const r = JSON.parse(await vigil('readings', 'demo', '--patients', '2', '--minutes', '30', '--check'));
    expect(r.readings).toBeGreaterThan(100);
    expect(r).toMatchObject({ schemaOk: r.readings, plausible: r.readings, signaturesValid: r.readings });
  });

  it('keygen writes a 0600 PEM whose public key matches the printed SEC1 key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-cli-'));
    try {
      const out = join(dir, 'k.pem');
      const r = JSON.parse(await vigil('readings', 'keygen', 'dev-7', '--out', out, '--json'));
      expect(r.deviceIdBytes32).toBe(`0x${Buffer.from('dev-7').toString('hex').padEnd(64, '0')}`);
      expect((await stat(out)).mode & 0o777).toBe(0o600);
      const printed = importPublicKeySec1(Buffer.from(r.publicKey.slice(2), 'hex'));
      const priv = await readPrivateKeyFile(out);
      expect(printed.equals((await import('node:crypto')).createPublicKey(priv))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
