import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/runCli.ts';

describe('vigil CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists its commands in --help', () => {
    const { code, stdout } = runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['chain', 'start']) expect(stdout).toContain(command);
  });

  it('reports an undeployed chain, deploys once, then reports the addresses', () => {
    const before = runCli(['chain', 'status', '--json', '--data-dir', dataDir]);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ mode: 'embedded', chainId: 31337, deployed: false });

    const deploy = runCli(['chain', 'deploy', '--json', '--data-dir', dataDir]);
    expect(deploy.code).toBe(0);
    const deployed = JSON.parse(deploy.stdout);
    expect(deployed.deployed).toBe(true);

    const again = runCli(['chain', 'deploy', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(again.stdout)).toMatchObject({
      deployed: false,
      deployment: { contracts: deployed.deployment.contracts },
    });

    const after = JSON.parse(runCli(['chain', 'status', '--json', '--data-dir', dataDir]).stdout);
    expect(after).toMatchObject({ deployed: true, contracts: deployed.deployment.contracts });
    expect(BigInt(after.blockNumber)).toBeGreaterThan(0n);
  });

  it('reads the data directory from the environment when no flag is given', () => {
    const status = runCli(['chain', 'status', '--json'], { VIGIL_DATA_DIR: dataDir });
    expect(JSON.parse(status.stdout)).toMatchObject({ deployed: true });
  });

  it('fails with a stable code on bad configuration and with usage on unknown options', () => {
    const bad = runCli(['chain', 'status', '--chain', 'ganache', '--data-dir', dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error VIGIL_CONFIG_INVALID');
    const usage = runCli(['chain', 'status', '--no-such-flag']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown option');
  });

  it('starts the gateway, prints the chain status, and stops cleanly on SIGINT', {
    timeout: 180_000,
  }, async () => {
    const run = await startCli(
      ['start', '--data-dir', dataDir, '--http-port', '0', '--mqtt-port', '0'],
      /press Ctrl\+C/,
    );
    expect(run.output().stdout).toMatch(/chain: embedded, chain id 31337, block \d+/);
    expect(run.output().stdout).toContain('dataAnchor');
    expect(run.output().stdout).toMatch(
      /models: attack-detector v1 \(sha256 [0-9a-f]{12}…\), deterioration-vitals-24h v1/,
    );
    expect(await run.stop('SIGINT')).toBe(0);
    expect(run.output().stdout).toContain('stopped');
  });
});
