import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readingLeafBytes } from '../../identity/index.ts';
import { buildMerkleTree, buildProofDocument, hashLeavesPacked } from '../../integrity/index.ts';
import { makeSignedReadings } from '../../integrity/testing/fixtures.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/vigil.js', import.meta.url));
/** Runs `node bin/vigil.js …`; resolves with the exit code and stdout even when the command fails. */
const vigil = (...args: string[]) =>
  run(process.execPath, [BIN, ...args], { timeout: 60_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );

function proofDocument() {
  const readings = makeSignedReadings(6);
  const tree = buildMerkleTree(hashLeavesPacked(readings.map((r) => readingLeafBytes(r))));
  return buildProofDocument({
    reading: readings[4]!,
    tree,
    leafIndex: 4,
    batch: { gatewayId: 'gw-1', seq: 2, prevRoot: `0x${'11'.repeat(32)}` },
    anchor: {
      chainId: 31337,
      contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      txHash: `0x${'ab'.repeat(32)}`,
      blockNumber: 9,
      blockHash: `0x${'cd'.repeat(32)}`,
    },
  });
}

describe('vigil integrity (plain node)', () => {
  it('verify-proof passes a genuine document and names the reason for a forged one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-proof-'));
    try {
      const doc = proofDocument();
      const good = join(dir, 'good.json');
      const bad = join(dir, 'bad.json');
      await writeFile(good, JSON.stringify(doc));
      await writeFile(bad, JSON.stringify({ ...doc, leafIndex: 3 }));
      const ok = await vigil('integrity', 'verify-proof', good, '--json');
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({
        valid: true,
        offlineOnly: true,
        root: doc.root,
        leafIndex: 4,
      });
      const ko = await vigil('integrity', 'verify-proof', bad, '--json');
      expect(ko.code).toBe(1);
      expect(JSON.parse(ko.stdout)).toMatchObject({
        valid: false,
        error: { code: 'VIGIL_PROOF_PATH_INVALID' },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
