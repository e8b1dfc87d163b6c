import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPublicKeySec1, generateDeviceKeyPair } from '../../src/identity/index.ts';
import { runCli } from '../support/runCli.ts';

describe('vigil org and device commands', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-device-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const vigil = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);

  it('registers, lists, rotates and revokes devices', () => {
    expect(vigil('chain', 'deploy').code).toBe(0);
    expect(vigil('org', 'register', 'hospital-a').stdout).toContain('registered organisation hospital-a');
    expect(vigil('org', 'register', 'hospital-a').stdout).toContain('already exists');

    const keyFile = join(dataDir, 'ox-1.pem');
    const registered = vigil(
      'device',
      'register',
      '--org',
      'hospital-a',
      '--kind',
      'oximeter',
      '--patient',
      'p-001',
      '--id',
      'ox-1',
      '--key-out',
      keyFile,
      '--json',
    );
    expect(registered.code).toBe(0);
    expect(JSON.parse(registered.stdout)).toMatchObject({ deviceId: 'ox-1', keyFile });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(
      vigil(
        'device',
        'register',
        '--org',
        'hospital-a',
        '--kind',
        'oximeter',
        '--patient',
        'p-001',
        '--key-out',
        keyFile,
      ).stderr,
    ).toContain('refusing to overwrite');

    const pub = join(dataDir, 'mon.pub');
    writeFileSync(pub, Buffer.from(exportPublicKeySec1(generateDeviceKeyPair().publicKey)).toString('hex'));
    const second = vigil(
      'device',
      'register',
      '--org',
      'hospital-a',
      '--kind',
      'monitor',
      '--patient',
      'p-001',
      '--public-key',
      pub,
      '--json',
    );
    const monitorId = JSON.parse(second.stdout).deviceId as string;
    expect(monitorId).toMatch(/^dev-[0-9a-f]{12}$/);

    expect(vigil('device', 'rotate-key', 'ox-1', '--key-out', join(dataDir, 'ox-1b.pem')).code).toBe(0);
    expect(vigil('device', 'revoke', monitorId).code).toBe(0);

    const list = JSON.parse(vigil('device', 'list', '--json').stdout) as {
      deviceId: string;
      status: string;
    }[];
    expect(list.map((d) => [d.deviceId, d.status])).toEqual(
      [
        [monitorId, 'revoked'],
        ['ox-1', 'active'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
  });

  it('reports on-chain refusals with their stable codes', () => {
    const result = vigil(
      'device',
      'register',
      '--org',
      'nowhere',
      '--kind',
      'x',
      '--patient',
      'p',
      '--key-out',
      join(dataDir, 'x.pem'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('VIGIL_CHAIN_DEVICE_REGISTRY_UNKNOWN_ORGANISATION');
    expect(vigil('device', 'revoke', 'ghost').stderr).toContain('VIGIL_CHAIN_DEVICE_REGISTRY_UNKNOWN_DEVICE');
  });
});
