import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.ts';

describe('vigil chain deploy on a deployment recorded before FederationRegistry', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-cli-complete-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds only the missing contract and keeps every other address', () => {
    const first = JSON.parse(runCli(['chain', 'deploy', '--json', '--data-dir', dataDir]).stdout);
    const file = join(dataDir, 'chain', 'deployments.json');
    const all = JSON.parse(readFileSync(file, 'utf8')) as Record<
      string,
      { contracts: Record<string, string> }
    >;
    for (const d of Object.values(all)) delete d.contracts.federationRegistry;
    writeFileSync(file, JSON.stringify(all));
    expect(JSON.parse(runCli(['chain', 'status', '--json', '--data-dir', dataDir]).stdout).deployed).toBe(
      false,
    );

    const r = runCli(['chain', 'deploy', '--json', '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    const completed = JSON.parse(r.stdout);
    expect(completed).toMatchObject({ deployed: true });
    const { federationRegistry, ...others } = completed.deployment.contracts;
    const { federationRegistry: _old, ...before } = first.deployment.contracts;
    expect(others).toEqual(before);
    expect(federationRegistry).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(JSON.parse(runCli(['chain', 'status', '--json', '--data-dir', dataDir]).stdout).deployed).toBe(
      true,
    );
  });
});
