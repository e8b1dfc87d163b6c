import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { openStore } from './openStore.ts';

const writer = fileURLToPath(new URL('./testing/crashWriter.ts', import.meta.url));

it('keeps every acknowledged reading after the writer is killed with SIGKILL (SQLite)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-crash-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lastAcked = 0;
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    await new Promise<void>((resolve, reject) => {
      child.on('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        for (const m of chunk.toString().matchAll(/acked (\d+)/g)) lastAcked = Number(m[1]);
        if (lastAcked >= 1000) {
          child.removeAllListeners('exit');
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('close', r));
    const store = await openStore({ dataDir });
    const seqs = (await store.getLastSeqs()).get('crash-dev') ?? 0;
    expect(seqs).toBeGreaterThanOrEqual(lastAcked);
    const count = await store.countReadings();
    // Nothing torn: every stored call is complete (50 rows each), and contiguous from seq 1.
    expect(count % 50).toBe(0);
    expect(count).toBe(seqs);
    const [first] = await store.listReadings({ deviceId: 'crash-dev', limit: 1 });
    expect(first?.reading?.seq).toBe(1);
    await store.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
