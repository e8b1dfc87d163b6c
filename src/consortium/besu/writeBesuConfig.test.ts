import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount, publicKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thrownCode } from '../../../test/support/errorCode.ts';
import { parseFlatToml } from '../../../test/support/parseFlatToml.ts';
import { writeBesuConfig } from './writeBesuConfig.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-besu-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `net-${++n}`);
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const json = (dir: string, path: string) => JSON.parse(read(dir, path));

/** Every file under `dir`, relative, sorted. */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tree(dir, join(prefix, e.name)) : [join(prefix, e.name)]))
    .sort();
}

describe('vigil consortium besu-config files', () => {
  describe('a test network for 3 hospitals, keys generated', () => {
    type NodeJson = {
      hospital: number;
      dir: string;
      publicKey: string;
      address: string;
      enode: string;
      host: string;
      p2pPort: number;
      rpcPort: number;
    };
    const out = fresh();
    let result: ReturnType<typeof writeBesuConfig>;
    let nodes: NodeJson[];
    beforeAll(() => {
      result = writeBesuConfig({ hospitals: 3, outDir: out, chainId: 4242, blockPeriodSeconds: 3 });
      nodes = json(out, 'network.json').validators;
    });

    it('runs 4 validators (QBFT tolerates one fault from 4), spread over the hospitals', () => {
      expect(nodes.map((v) => [v.dir, v.hospital])).toEqual([
        ['hospital-1/node-1', 1],
        ['hospital-2/node-2', 2],
        ['hospital-3/node-3', 3],
        ['hospital-1/node-4', 1],
      ]);
      expect(result.plan.faultTolerance).toBe(1);
      expect(json(out, 'network.json')).toMatchObject({ chainId: 4242, hospitals: 3, faultTolerance: 1 });
    });

    it('writes the input of besu operator generate-blockchain-config: QBFT genesis and the validators’ public keys', () => {
      const config = json(out, 'qbftConfigFile.json');
      expect(Object.keys(config).sort()).toEqual(['blockchain', 'genesis']);
      expect(config.genesis.config).toMatchObject({
        chainId: 4242,
        berlinBlock: 0,
        londonBlock: 0,
        shanghaiTime: 0,
        cancunTime: 0,
        zeroBaseFee: true,
        qbft: { blockperiodseconds: 3, epochlength: 30000, requesttimeoutseconds: 6 },
      });
      // Besu derives extraData (the validator list) from the keys itself.
      expect(config.genesis.extraData).toBeUndefined();
      expect(config.genesis).toMatchObject({ difficulty: '0x1', nonce: '0x0' });
      expect(config.genesis.mixHash).toBe(
        '0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365',
      );
      expect(config.blockchain).toEqual({ nodes: { generate: false, keys: nodes.map((v) => v.publicKey) } });
      for (const v of nodes) {
        expect(v.publicKey).toMatch(/^0x[0-9a-f]{128}$/);
        expect(read(out, `${v.dir}/data/key.pub`)).toBe(v.publicKey);
        // The node's private key is the one behind the listed public key and validator address.
        const account = privateKeyToAccount(read(out, `${v.dir}/data/key`) as `0x${string}`);
        expect(account.publicKey).toBe(`0x04${v.publicKey.slice(2)}`);
        expect(account.address).toBe(v.address);
      }
    });

    it('gives each validator a configuration whose files exist and whose peers are all allowlisted', () => {
      const seen = new Set<string>();
      for (const v of nodes) {
        const config = parseFlatToml(read(out, `${v.dir}/config.toml`));
        expect(config).toMatchObject({
          'data-path': 'data',
          'genesis-file': '../../networkFiles/genesis.json',
          'p2p-host': v.host,
          'p2p-port': v.p2pPort,
          'rpc-http-enabled': true,
          'rpc-http-host': '127.0.0.1',
          'rpc-http-port': v.rpcPort,
          'min-gas-price': 0,
          'permissions-nodes-config-file-enabled': true,
          'permissions-accounts-config-file-enabled': true,
        });
        expect(config['rpc-http-api']).toEqual(['ETH', 'NET', 'WEB3', 'QBFT']);
        for (const key of ['permissions-nodes-config-file', 'permissions-accounts-config-file'] as const) {
          expect(existsSync(join(out, v.dir, String(config[key])))).toBe(true);
        }
        expect(existsSync(join(out, v.dir, 'data', 'key'))).toBe(true);
        const permissions = parseFlatToml(read(out, `${v.dir}/${config['permissions-nodes-config-file']}`));
        const allow = permissions['nodes-allowlist'] as string[];
        expect(allow).toEqual(nodes.map((x) => x.enode));
        // Besu refuses to start when a bootnode is missing from the node allowlist.
        expect(config.bootnodes).toEqual(nodes.filter((x) => x !== v).map((x) => x.enode));
        expect((config.bootnodes as string[]).every((b) => allow.includes(b))).toBe(true);
        const addr = `${v.host}:${v.p2pPort}`;
        expect(seen.has(addr)).toBe(false);
        seen.add(addr);
        expect(v.enode).toBe(`enode://${v.publicKey.slice(2)}@${addr}`);
      }
    });

    it('allowlists the consortium admin and one gateway account per hospital, funded in the genesis', () => {
      const accounts = json(out, 'network.json').accounts as { name: string; address: string }[];
      expect(accounts.map((a) => a.name)).toEqual([
        'consortium-admin',
        'hospital-1-gateway',
        'hospital-2-gateway',
        'hospital-3-gateway',
      ]);
      const permissions = parseFlatToml(read(out, 'hospital-2/node-2/permissions_config.toml'));
      expect(permissions['accounts-allowlist']).toEqual(accounts.map((a) => a.address));
      const alloc = json(out, 'qbftConfigFile.json').genesis.alloc as Record<string, unknown>;
      expect(Object.keys(alloc)).toEqual(accounts.map((a) => a.address.slice(2).toLowerCase()));
      for (const a of accounts) {
        const key = read(out, `accounts/${a.name}.key`).trim() as `0x${string}`;
        expect(privateKeyToAccount(key).address).toBe(a.address);
      }
    });

    it('writes every private key readable by its owner only, and no private key anywhere else', () => {
      const secrets = result.files.filter((f) => f.secret).map((f) => f.path);
      expect(secrets.sort()).toEqual(
        [
          ...nodes.map((v) => `${v.dir}/data/key`),
          ...['consortium-admin', 'hospital-1-gateway', 'hospital-2-gateway', 'hospital-3-gateway'].map(
            (a) => `accounts/${a}.key`,
          ),
        ].sort(),
      );
      for (const path of secrets) expect(statSync(join(out, path)).mode & 0o777).toBe(0o600);
      const keys = secrets.map((p) => read(out, p).trim().slice(2));
      for (const path of tree(out).filter((p) => !secrets.includes(p))) {
        const text = read(out, path);
        for (const key of keys) expect(text.includes(key), `${path} holds a private key`).toBe(false);
      }
    });
  });

  it("uses the hospitals' own node public keys and accounts, writing no private key at all", () => {
    const out = fresh();
    const keys = Array.from({ length: 5 }, () => privateKeyToAccount(generatePrivateKey()).publicKey);
    const accounts = [
      privateKeyToAccount(generatePrivateKey()).address,
      privateKeyToAccount(generatePrivateKey()).address,
    ];
    const hosts = ['10.0.1.10', '10.0.2.10', '10.0.3.10', '10.0.4.10', '10.0.5.10'];
    const result = writeBesuConfig({ hospitals: 5, outDir: out, hosts, nodePublicKeys: keys, accounts });
    expect(result.files.filter((f) => f.secret)).toEqual([]);
    expect(tree(out).filter((p) => p.endsWith('/key') || p.startsWith('accounts'))).toEqual([]);
    const config = json(out, 'qbftConfigFile.json');
    expect(config.blockchain.nodes.keys).toEqual(keys.map((k) => `0x${k.slice(4)}`));
    expect(result.plan.nodes.map((v) => [v.enode.split('@')[1], v.address])).toEqual(
      hosts.map((h, i) => [`${h}:30303`, publicKeyToAddress(keys[i]!)]),
    );
    expect(
      parseFlatToml(read(out, 'hospital-4/node-4/permissions_config.toml'))['accounts-allowlist'],
    ).toEqual(accounts);
    expect(result.plan.faultTolerance).toBe(1);
  });

  it('refuses fewer than 4 validators or fewer than one per hospital, bad hosts and keys, and a used folder', () => {
    expect(thrownCode(() => writeBesuConfig({ hospitals: 2, validators: 3, outDir: fresh() }))).toBe(
      'VIGIL_INVALID_ARGUMENT',
    );
    expect(thrownCode(() => writeBesuConfig({ hospitals: 6, validators: 5, outDir: fresh() }))).toBe(
      'VIGIL_INVALID_ARGUMENT',
    );
    expect(thrownCode(() => writeBesuConfig({ hospitals: 0, outDir: fresh() }))).toBe(
      'VIGIL_INVALID_ARGUMENT',
    );
    expect(
      thrownCode(() =>
        writeBesuConfig({
          hospitals: 1,
          outDir: fresh(),
          hosts: ['node1.example', '10.0.0.2', '10.0.0.3', '10.0.0.4'],
        }),
      ),
    ).toBe('VIGIL_INVALID_ARGUMENT');
    expect(thrownCode(() => writeBesuConfig({ hospitals: 1, outDir: fresh(), hosts: ['10.0.0.1'] }))).toBe(
      'VIGIL_INVALID_ARGUMENT',
    );
    const offCurve = Array.from({ length: 4 }, () => `0x${'11'.repeat(64)}`);
    expect(
      thrownCode(() => writeBesuConfig({ hospitals: 1, outDir: fresh(), nodePublicKeys: offCurve })),
    ).toBe('VIGIL_INVALID_ARGUMENT');
    expect(thrownCode(() => writeBesuConfig({ hospitals: 1, outDir: fresh(), accounts: ['0x1234'] }))).toBe(
      'VIGIL_INVALID_ARGUMENT',
    );
    const used = fresh();
    writeBesuConfig({ hospitals: 1, outDir: used });
    const before = read(used, 'qbftConfigFile.json');
    expect(thrownCode(() => writeBesuConfig({ hospitals: 1, outDir: used }))).toBe('VIGIL_INVALID_ARGUMENT');
    expect(read(used, 'qbftConfigFile.json')).toBe(before);
  });
});
