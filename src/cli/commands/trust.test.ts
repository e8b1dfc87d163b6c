import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.ts';
import { createTrustService } from '../../trust/index.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/vigil.js', import.meta.url));
const vigil = async (...args: string[]) =>
  (await run(process.execPath, [BIN, ...args], { timeout: 120_000 })).stdout;

describe('vigil trust (plain node)', () => {
  it('list and explain read the state a trust service saved in the store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-trust-cli-'));
    try {
      const store = await openStore({ dataDir: dir });
      const service = createTrustService({ store, now: () => Date.now() });
      const at = Date.now();
      service.addEvidence([
        { deviceId: 'dev-good', kind: 'good_reading', at },
        { deviceId: 'dev-bad', kind: 'signature_invalid', at },
        { deviceId: 'dev-bad', kind: 'replay', at },
      ]);
      await service.flush();
      await store.close();
      const list = JSON.parse(await vigil('trust', 'list', '--data-dir', dir, '--json'));
      expect(list.map((d: { deviceId: string }) => d.deviceId)).toEqual(['dev-bad', 'dev-good']);
      expect(list[0]).toMatchObject({ quarantined: true, topEvidence: ['signature_invalid', 'replay'] });
      expect(list[1].quarantined).toBe(false);
      const x = JSON.parse(await vigil('trust', 'explain', 'dev-bad', '--data-dir', dir, '--json'));
      expect(x.quarantine.reason).toMatch(/signature failures, replays/);
      expect(x.digest).toMatch(/^0x[0-9a-f]{64}$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('eval trust quarantines the attackers through the real pipeline and no honest device', async () => {
    const r = JSON.parse(
      await vigil('eval', 'trust', '--patients', '3', '--minutes', '170', '--onset', '120', '--json'),
    );
    expect(r.readings.accepted).toBeGreaterThan(5000);
    expect(r.honest.devices).toBe(12);
    expect(r.honest.quarantined).toEqual([]);
    const by = Object.fromEntries(r.scenarios.map((s: { name: string }) => [s.name, s]));
    for (const name of ['constant-bias', 'on-off', 'replay', 'flood']) {
      expect(by[name].quarantined).toBe(true);
      expect(by[name].readingsUntilQuarantine).toBeLessThanOrEqual(60);
    }
    expect(by.replay.reason).toMatch(/replays/);
    expect(by.flood.reason).toMatch(/floods/);
  }, 120_000);
});
