import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { id } from '../../../test/support/ids.ts';
import { createLedger } from '../createLedger.ts';
import { ensureDeployed } from '../deployContracts.ts';
import { readContract } from '../readContract.ts';
import { writeContract } from '../writeContract.ts';

const embedded = (dataDir: string) =>
  createLedger({
    dataDir,
    chain: { mode: 'embedded', chainId: 31337, rpcUrl: undefined, privateKey: undefined },
  });

describe('sharing the embedded chain', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('lets a second client reach the chain through the process that runs it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-lock-'));
    dirs.push(dataDir);
    const owner = await embedded(dataDir);
    const lockFile = join(dataDir, 'chain', 'embedded.lock');
    expect(statSync(lockFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({
      pid: process.pid,
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });

    const client = await embedded(dataDir);
    const ctx = await ensureDeployed(client);
    await writeContract(ctx, 'deviceRegistry', 'registerOrganisation', [id('org'), client.account.address]);
    const seenByOwner = await ensureDeployed(owner);
    expect(seenByOwner.deployment.contracts).toEqual(ctx.deployment.contracts);
    expect(await readContract(seenByOwner, 'deviceRegistry', 'isOrganisation', [id('org')])).toBe(true);
    await client.stop();
    await owner.stop();

    // Once the owner stopped, the next process owns the chain and finds everything.
    const next = await embedded(dataDir);
    expect(
      await readContract(await ensureDeployed(next), 'deviceRegistry', 'isOrganisation', [id('org')]),
    ).toBe(true);
    await next.stop();
  });

  it('refuses JSON-RPC calls without the lock token', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-lock-'));
    dirs.push(dataDir);
    const owner = await embedded(dataDir);
    const { url } = JSON.parse(readFileSync(join(dataDir, 'chain', 'embedded.lock'), 'utf8')) as {
      url: string;
    };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
    });
    expect(response.status).toBe(401);
    await owner.stop();
  });
});
