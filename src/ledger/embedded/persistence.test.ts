import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keccak256, toHex, zeroHash } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { id, publicKey } from '../../../test/support/ids.ts';
import { createLedger, type Ledger } from '../createLedger.ts';
import { ensureDeployed } from '../deployContracts.ts';
import { getContractEvents } from '../getContractEvents.ts';
import { readContract } from '../readContract.ts';
import { writeContract } from '../writeContract.ts';

const embedded = (dataDir: string) =>
  createLedger({
    dataDir,
    chain: { mode: 'embedded', chainId: 31337, rpcUrl: undefined, privateKey: undefined },
  });

async function blockHashes(ledger: Ledger): Promise<string[]> {
  const height = await ledger.publicClient.getBlockNumber();
  const hashes: string[] = [];
  for (let n = 0n; n <= height; n++)
    hashes.push((await ledger.publicClient.getBlock({ blockNumber: n })).hash);
  return hashes;
}

describe('embedded chain persistence', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-persist-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps contracts, state, events and block hashes across a restart', async () => {
    const dataDir = tempDir();
    const first = await embedded(dataDir);
    const ctx = await ensureDeployed(first);
    const org = id('hospital-a');
    await writeContract(ctx, 'deviceRegistry', 'registerOrganisation', [org, first.account.address]);
    await writeContract(ctx, 'deviceRegistry', 'registerDevice', [
      id('dev-1'),
      org,
      id('ecg'),
      id('p-1'),
      publicKey(1),
    ]);
    await writeContract(ctx, 'deviceRegistry', 'revokeDevice', [id('dev-1')]);
    await writeContract(ctx, 'dataAnchor', 'anchorBatch', [
      id('gw'),
      0n,
      keccak256(toHex('r0')),
      zeroHash,
      5,
    ]);
    const hashesBefore = await blockHashes(first);
    const eventsBefore = await getContractEvents(ctx, 'deviceRegistry', 'DeviceRegistered');
    await first.stop();

    const second = await embedded(dataDir);
    const again = await ensureDeployed(second);
    expect(again.deployment.contracts).toEqual(ctx.deployment.contracts);
    expect(await blockHashes(second)).toEqual(hashesBefore);
    expect(await getContractEvents(again, 'deviceRegistry', 'DeviceRegistered')).toEqual(eventsBefore);
    expect(await readContract(again, 'deviceRegistry', 'isActive', [id('dev-1')])).toBe(false);
    expect(await readContract(again, 'dataAnchor', 'nextSequence', [id('gw')])).toBe(1n);

    // The chain goes on where it stopped, with a clock back at the present.
    const receipt = await writeContract(again, 'dataAnchor', 'anchorBatch', [
      id('gw'),
      1n,
      keccak256(toHex('r1')),
      keccak256(toHex('r0')),
      2,
    ]);
    expect(receipt.blockNumber).toBe(BigInt(hashesBefore.length));
    const block = await second.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    expect(Number(block.timestamp)).toBeGreaterThan(Date.now() / 1000 - 60);
    await second.stop();
  });

  it('loses no transaction reported as mined when the process is killed with SIGKILL', async () => {
    const dataDir = tempDir();
    const script = fileURLToPath(new URL('../../../test/support/chainWriterChild.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const mined: { seq: bigint; block: bigint; hash: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.once('exit', (code, signal) =>
        signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code}`)),
      );
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) {
          const m = /^mined (\d+) (\d+) (0x[0-9a-f]+)$/.exec(line);
          if (m) mined.push({ seq: BigInt(m[1]!), block: BigInt(m[2]!), hash: m[3]! });
        }
        if (mined.length >= 25 && child.exitCode === null) child.kill('SIGKILL');
      });
    });
    expect(mined.length).toBeGreaterThanOrEqual(25);

    const ledger = await embedded(dataDir);
    const ctx = await ensureDeployed(ledger);
    for (const { seq, block, hash } of mined) {
      expect((await ledger.publicClient.getBlock({ blockNumber: block })).hash).toBe(hash);
      expect((await readContract(ctx, 'dataAnchor', 'getBatch', [id('crash-gw'), seq])).blockNumber).toBe(
        block,
      );
    }
    // At most the transaction in flight is lost: the chain holds every reported batch, maybe one more.
    const next = await readContract(ctx, 'dataAnchor', 'nextSequence', [id('crash-gw')]);
    expect(next - BigInt(mined.length)).toBeGreaterThanOrEqual(0n);
    expect(next - BigInt(mined.length)).toBeLessThanOrEqual(1n);
    await ledger.stop();
  });
});
