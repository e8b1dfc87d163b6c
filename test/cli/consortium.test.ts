import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPrivateKeyPem, generateDeviceKeyPair } from '../../src/identity/index.ts';
import { type AnvilProcess, startAnvil } from '../support/anvil.ts';
import { runCli, runCliAsync } from '../support/runCli.ts';
import { testChainKinds } from '../support/testChains.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-consortium-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Everything a run printed, to check that no private key ever reaches a terminal. */
const printed: string[] = [];
function vigil(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = runCli([...args, '--data-dir', dataDir], env);
  printed.push(result.stdout, result.stderr);
  return result;
}
const json = (result: { code: number; stdout: string; stderr: string }) => {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
};
const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, '');

// Each command is a fresh process (about 2 s alone, far more on a loaded machine): generous timeouts.
describe('vigil consortium on the embedded chain (one hospital that also administers the consortium)', {
  timeout: 240_000,
}, () => {
  const dir = join(root, 'st-mary');
  const env = { VIGIL_ORG_ID: 'st-mary', VIGIL_PUBLIC_URL: 'https://vigil.st-mary.example' };

  it('deploys as before, with this gateway admitted as its own hospital and registered as its gateway', () => {
    expect(vigil(dir, ['chain', 'deploy'], env).code).toBe(0);
    const listing = json(vigil(dir, ['consortium', 'list', '--json'], env));
    expect(listing.self).toBe('gateway-1');
    expect(listing.hospitals).toEqual([
      expect.objectContaining({
        orgId: 'st-mary',
        status: 'active',
        gateways: [
          expect.objectContaining({
            gatewayId: 'gateway-1',
            endpoint: 'https://vigil.st-mary.example',
            keyVersion: 1,
            active: true,
          }),
        ],
      }),
    ]);
    expect(statSync(join(dir, 'chain', 'gateway-request.key')).mode & 0o777).toBe(0o600);
    expect(vigil(dir, ['consortium', 'list'], env).stdout).toMatch(
      /st-mary +active[\s\S]*gateway-1 +active .*\(this signer\)/,
    );
  });

  it('admits a hospital and adds its gateway from a public key file, refusing a private key file', () => {
    expect(json(vigil(dir, ['consortium', 'admit', 'hospital-b', '--json']))).toMatchObject({
      orgId: 'hospital-b',
    });
    const { publicKey, privateKey } = generateDeviceKeyPair();
    const pub = join(root, 'gw-b.pub.pem');
    writeFileSync(pub, publicKey.export({ format: 'pem', type: 'spki' }));
    const priv = join(root, 'gw-b.pem');
    writeFileSync(priv, exportPrivateKeyPem(privateKey));
    const account = privateKeyToAccount(generatePrivateKey()).address;
    const base = ['consortium', 'gateway', 'add', 'gw-b', '--org', 'hospital-b', '--account', account];
    const refused = vigil(dir, [...base, '--endpoint', 'https://b.example', '--public-key', priv]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/VIGIL_INVALID_ARGUMENT: .*holds a private key/);
    const badEndpoint = vigil(dir, [...base, '--endpoint', 'https://u:pw@b.example', '--public-key', pub]);
    expect(badEndpoint.stderr).toContain('VIGIL_CONSORTIUM_INVALID_ENDPOINT');
    const added = json(
      vigil(dir, [...base, '--endpoint', 'https://b.example/', '--public-key', pub, '--json']),
    );
    expect(added).toMatchObject({
      gatewayId: 'gw-b',
      orgId: 'hospital-b',
      account,
      endpoint: 'https://b.example',
      active: true,
    });
    expect(vigil(dir, [...base, '--endpoint', 'https://b.example', '--generate-key']).stderr).toContain(
      'VIGIL_INVALID_ARGUMENT',
    );
  });

  it("rotates this gateway's own key in place, and refuses to generate another gateway's key here", () => {
    const keyFile = join(dir, 'chain', 'gateway-request.key');
    const before = readFileSync(keyFile, 'utf8');
    const rotated = json(
      vigil(dir, ['consortium', 'gateway', 'rotate-key', 'gateway-1', '--generate-key', '--json']),
    );
    expect(rotated).toMatchObject({ gatewayId: 'gateway-1', keyVersion: 2, keyFile, recovered: false });
    expect(readFileSync(keyFile, 'utf8')).not.toBe(before);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const identity = json(vigil(dir, ['consortium', 'gateway', 'identity', '--json']));
    expect(identity).toMatchObject({ keyMatchesChain: true, requestKey: rotated.requestKey });
    const other = vigil(dir, ['consortium', 'gateway', 'rotate-key', 'gw-b', '--generate-key']);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('VIGIL_CONSORTIUM_NOT_A_GATEWAY');
    const both = vigil(dir, ['consortium', 'gateway', 'rotate-key', 'gateway-1']);
    expect(both.stderr).toContain('VIGIL_INVALID_ARGUMENT');
    for (const text of printed) {
      expect(text).not.toContain(pemBody(readFileSync(keyFile, 'utf8')));
      expect(text).not.toContain(pemBody(before));
    }
  });

  it('suspends and reinstates gateways and hospitals with stable codes for what the chain refuses', () => {
    expect(vigil(dir, ['consortium', 'gateway', 'suspend', 'gw-b', '--reason', 'key leaked']).stdout).toMatch(
      /suspended gw-b in block \d+/,
    );
    const again = vigil(dir, ['consortium', 'gateway', 'suspend', 'gw-b', '--reason', 'again']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error VIGIL_CHAIN_CONSORTIUM_REGISTRY_GATEWAY_NOT_ACTIVE');
    expect(vigil(dir, ['consortium', 'gateway', 'suspend', 'gw-none', '--reason', 'x']).stderr).toContain(
      'VIGIL_CHAIN_CONSORTIUM_REGISTRY_UNKNOWN_GATEWAY',
    );
    expect(vigil(dir, ['consortium', 'gateway', 'suspend', 'gw-b']).code).toBe(2);
    expect(vigil(dir, ['consortium', 'gateway', 'reinstate', 'gw-b', '--reason', 'key replaced']).code).toBe(
      0,
    );
    expect(vigil(dir, ['consortium', 'suspend', 'hospital-b', '--reason', 'audit']).code).toBe(0);
    const listing = json(vigil(dir, ['consortium', 'list', '--json']));
    expect(listing.hospitals[1]).toMatchObject({
      orgId: 'hospital-b',
      status: 'suspended',
      gateways: [expect.objectContaining({ status: 'active', active: false })],
    });
    expect(vigil(dir, ['consortium', 'reinstate', 'hospital-b', '--reason', 'passed']).code).toBe(0);
  });

  it("records a patient's home and its transfer, keeping the history", () => {
    expect(vigil(dir, ['consortium', 'patient', 'set-home', 'p-0001', '--org', 'st-mary']).code).toBe(0);
    expect(vigil(dir, ['consortium', 'patient', 'transfer', 'p-0001', '--to', 'hospital-b']).code).toBe(0);
    const home = json(vigil(dir, ['consortium', 'patient', 'home', 'p-0001', '--json']));
    expect(home).toMatchObject({ patient: 'p-0001', home: 'hospital-b' });
    expect(home.history.map((h: { orgId: string }) => h.orgId)).toEqual(['st-mary', 'hospital-b']);
    expect(vigil(dir, ['consortium', 'patient', 'home', 'p-0001']).stdout).toMatch(/\* hospital-b/);
  });
});

const anvilAvailable = testChainKinds().includes('anvil');

describe.runIf(anvilAvailable)(
  'vigil consortium on one Anvil chain, admin and hospital in separate data directories',
  () => {
    let anvil: AnvilProcess;
    const adminKey = generatePrivateKey();
    const hospitalKey = generatePrivateKey();
    const adminDir = join(root, 'admin');
    const hospitalDir = join(root, 'hospital-b');
    const as = (key: string) => ({ VIGIL_CHAIN_RPC_URL: anvil.url, VIGIL_CHAIN_PRIVATE_KEY: key });
    // Async: this process reads Anvil's output, which must keep flowing while a command runs.
    const run = async (dataDir: string, args: string[], env: NodeJS.ProcessEnv) => {
      const result = await runCliAsync([...args, '--data-dir', dataDir], env);
      printed.push(result.stdout, result.stderr);
      return result;
    };

    beforeAll(async () => {
      anvil = await startAnvil();
      for (const key of [adminKey, hospitalKey]) {
        await fetch(anvil.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'anvil_setBalance',
            params: [privateKeyToAccount(key).address, '0x3635c9adc5dea00000'],
          }),
        });
      }
    });
    afterAll(() => anvil?.stop());

    it('lets the admin deploy without being a gateway, then add a hospital whose gateway made its own key', async () => {
      const init = json(await run(adminDir, ['consortium', 'init', '--no-gateway', '--json'], as(adminKey)));
      expect(init).toMatchObject({ deployed: true, listing: { hospitals: [], self: null } });
      // The hospital receives the deployment record, then creates its key and hands over the public half.
      mkdirSync(join(hospitalDir, 'chain'), { recursive: true });
      copyFileSync(init.deploymentFile, join(hospitalDir, 'chain', 'deployments.json'));
      const identity = json(
        await run(
          hospitalDir,
          ['consortium', 'gateway', 'identity', '--generate-key', '--json'],
          as(hospitalKey),
        ),
      );
      expect(identity).toMatchObject({
        account: privateKeyToAccount(hospitalKey).address,
        gateway: null,
        keyMatchesChain: null,
      });
      expect(statSync(identity.keyFile).mode & 0o777).toBe(0o600);
      const pub = join(root, 'hospital-b.pub');
      writeFileSync(pub, identity.requestKey);

      const admit = await run(
        adminDir,
        ['consortium', 'admit', 'hospital-b', '--admin', identity.account],
        as(adminKey),
      );
      expect(admit.code, admit.stderr).toBe(0);
      const add = await run(
        adminDir,
        [
          'consortium',
          'gateway',
          'add',
          'gw-b',
          '--org',
          'hospital-b',
          '--account',
          identity.account,
          '--endpoint',
          'https://b.example',
          '--public-key',
          pub,
        ],
        as(adminKey),
      );
      expect(add.code, add.stderr).toBe(0);
      const seen = json(
        await run(hospitalDir, ['consortium', 'gateway', 'identity', '--json'], as(hospitalKey)),
      );
      expect(seen).toMatchObject({
        keyMatchesChain: true,
        gateway: { gatewayId: 'gw-b', orgId: 'hospital-b', active: true },
      });
      // The gateway rotates its own key; the admin sees the new version.
      const rotate = await run(
        hospitalDir,
        ['consortium', 'gateway', 'rotate-key', 'gw-b', '--generate-key'],
        as(hospitalKey),
      );
      expect(rotate.code, rotate.stderr).toBe(0);
      const listing = json(await run(adminDir, ['consortium', 'list', '--json'], as(adminKey)));
      expect(listing.hospitals[0].gateways[0]).toMatchObject({ gatewayId: 'gw-b', keyVersion: 2 });
      // The hospital's admin cannot admit hospitals: only the consortium admin can.
      const rogue = await run(hospitalDir, ['consortium', 'admit', 'rogue'], as(hospitalKey));
      expect(rogue.stderr).toContain('VIGIL_CHAIN_ACCESS_CONTROL_UNAUTHORIZED_ACCOUNT');
    }, 240_000);
  },
);

describe('vigil consortium besu-config', { timeout: 120_000 }, () => {
  it('writes a 4-validator network for 3 hospitals and prints no private key', () => {
    const out = join(root, 'besu');
    const result = runCli(['consortium', 'besu-config', '--hospitals', '3', '--out', out, '--json']);
    const summary = json(result);
    expect(summary).toMatchObject({ chainId: 1337, faultTolerance: 1 });
    expect(summary.validators.map((v: { hospital: number }) => v.hospital)).toEqual([1, 2, 3, 1]);
    for (const file of summary.files.filter((f: { secret: boolean }) => f.secret)) {
      expect(result.stdout).not.toContain(readFileSync(join(out, file.path), 'utf8').trim().slice(2));
    }
    const human = runCli(['consortium', 'besu-config', '--hospitals', '3', '--out', join(root, 'besu-2')]);
    expect(human.stdout).toContain('wrote a 4-validator QBFT network for 3 hospital(s)');
    expect(human.stdout).toContain('besu operator generate-blockchain-config');
  });

  it('refuses fewer than 4 validators with a clear error', () => {
    const result = runCli([
      'consortium',
      'besu-config',
      '--hospitals',
      '2',
      '--validators',
      '3',
      '--out',
      join(root, 'x'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error VIGIL_INVALID_ARGUMENT: QBFT needs at least 4 validators');
  });
});
