import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { createRegistryCache } from '../../identity/createRegistryCache.ts';
import {
  exportPublicKeySec1,
  generateDeviceKeyPair,
  importPrivateKeyPem,
  importPublicKeySec1,
  writePrivateKeyFile,
} from '../../identity/index.ts';
import {
  ensureOrganisation,
  registerDevice,
  revokeDevice,
  rotateDeviceKey,
} from '../../identity/registerDevice.ts';
import { connectContracts, createLedger } from '../../ledger/index.ts';
import { openStore } from '../../store/index.ts';
import { printResult, withCommonOptions } from '../options.ts';
import { withLedger } from './chain.ts';

/** Reads a public key file: a private or public PEM, or the 65-byte SEC1 key in hex. */
function readPublicKey(path: string): Uint8Array {
  if (!existsSync(path)) throw new InvalidArgumentError(`no key file at ${path}`);
  const text = readFileSync(path, 'utf8').trim();
  if (text.includes('PRIVATE KEY')) return exportPublicKeySec1(importPrivateKeyPem(text));
  if (/^(0x)?04[0-9a-fA-F]{128}$/.test(text)) {
    const bytes = Buffer.from(text.replace(/^0x/, ''), 'hex');
    importPublicKeySec1(bytes);
    return bytes;
  }
  throw new InvalidArgumentError(`${path} holds neither a PEM private key nor a hex SEC1 public key`);
}

/** `vigil device register|revoke|rotate-key|list` and `vigil org register`. */
export function registerDeviceCommands(program: Command): void {
  const org = program.command('org').description('consortium organisations (hospitals)');
  withCommonOptions(org.command('register <orgId>'))
    .description(
      'admit an organisation (hospital) to the consortium, this signer its admin (consortium admin only)',
    )
    .action(async (orgId: string, flags: Record<string, unknown>) => {
      const created = await withLedger(flags, async (ledger) =>
        ensureOrganisation(await connectContracts(ledger), orgId),
      );
      process.stdout.write(
        created ? `registered organisation ${orgId}\n` : `organisation ${orgId} already exists\n`,
      );
    });

  const device = program.command('device').description('device identities on the ledger');

  withCommonOptions(device.command('register'))
    .description('create (or take) a P-256 key and register the device on chain')
    .requiredOption('--org <orgId>', 'organisation that owns the device')
    .requiredOption('--kind <kind>', 'device kind, e.g. monitor, oximeter, thermometer')
    .requiredOption('--patient <pseudonym>', 'patient pseudonym the device is attached to')
    .option('--id <deviceId>', 'device id (default: generated)')
    .option('--key-out <file>', 'write the new private key here (PEM, mode 0600)')
    .option('--public-key <file>', 'register this key instead (PEM private key or hex SEC1 public key)')
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown>) => {
      if (!flags.publicKey && !flags.keyOut) {
        throw new InvalidArgumentError('give --key-out FILE (a new key is created) or --public-key FILE');
      }
      if (flags.keyOut && existsSync(String(flags.keyOut))) {
        throw new InvalidArgumentError(`${flags.keyOut} exists: refusing to overwrite a key`);
      }
      let publicKey: Uint8Array;
      let keyPair: ReturnType<typeof generateDeviceKeyPair> | undefined;
      if (flags.publicKey) publicKey = readPublicKey(String(flags.publicKey));
      else {
        keyPair = generateDeviceKeyPair();
        publicKey = exportPublicKeySec1(keyPair.publicKey);
      }
      const result = await withLedger(flags, async (ledger) =>
        registerDevice(await connectContracts(ledger), {
          deviceId: flags.id as string | undefined,
          orgId: String(flags.org),
          kind: String(flags.kind),
          patient: String(flags.patient),
          publicKey,
        }),
      );
      if (keyPair && flags.keyOut) await writePrivateKeyFile(String(flags.keyOut), keyPair.privateKey);
      const out = {
        deviceId: result.deviceId,
        publicKey: Buffer.from(publicKey).toString('hex'),
        block: result.receipt.blockNumber,
        tx: result.receipt.transactionHash,
        keyFile: flags.keyOut ?? null,
      };
      printResult(out, Boolean(flags.json), () => `registered ${out.deviceId} in block ${out.block}`);
    });

  withCommonOptions(device.command('revoke <deviceId>'))
    .description('revoke a device for good (gateways reject it from the next block)')
    .action(async (deviceId: string, flags: Record<string, unknown>) => {
      const receipt = await withLedger(flags, async (ledger) =>
        revokeDevice(await connectContracts(ledger), deviceId),
      );
      process.stdout.write(`revoked ${deviceId} in block ${receipt.blockNumber}\n`);
    });

  withCommonOptions(device.command('rotate-key <deviceId>'))
    .description("replace a device's public key")
    .option('--key-out <file>', 'write the new private key here (PEM, mode 0600)')
    .option('--public-key <file>', 'use this key (PEM private key or hex SEC1 public key)')
    .action(async (deviceId: string, flags: Record<string, unknown>) => {
      if (!flags.publicKey && !flags.keyOut)
        throw new InvalidArgumentError('give --key-out FILE or --public-key FILE');
      if (flags.keyOut && existsSync(String(flags.keyOut))) {
        throw new InvalidArgumentError(`${flags.keyOut} exists: refusing to overwrite a key`);
      }
      const keyPair = flags.publicKey ? undefined : generateDeviceKeyPair();
      const publicKey = keyPair
        ? exportPublicKeySec1(keyPair.publicKey)
        : readPublicKey(String(flags.publicKey));
      const receipt = await withLedger(flags, async (ledger) =>
        rotateDeviceKey(await connectContracts(ledger), deviceId, publicKey),
      );
      if (keyPair && flags.keyOut) await writePrivateKeyFile(String(flags.keyOut), keyPair.privateKey);
      process.stdout.write(`rotated the key of ${deviceId} in block ${receipt.blockNumber}\n`);
    });

  withCommonOptions(device.command('list'))
    .description('devices registered on chain, as the gateway sees them')
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown>) => {
      const config = loadConfig(flags);
      const ledger = await createLedger(config);
      const store = await openStore({
        dataDir: config.dataDir,
        databaseUrl: config.databaseUrl,
        masterKey: config.masterKey,
      });
      try {
        const cache = createRegistryCache({ chain: await connectContracts(ledger), store });
        await cache.sync();
        const devices = cache
          .list()
          .map((d) => ({ ...d, publicKey: Buffer.from(d.publicKey).toString('hex') }))
          .sort((a, b) => a.deviceId.localeCompare(b.deviceId));
        printResult(devices, Boolean(flags.json), () =>
          devices.length === 0
            ? 'no devices'
            : devices
                .map(
                  (d) =>
                    `${d.deviceId.padEnd(20)} ${d.orgId.padEnd(14)} ${d.kind.padEnd(12)} ${d.patient.padEnd(14)} ${d.status}${d.quarantined ? ' (quarantined)' : ''}`,
                )
                .join('\n'),
        );
      } finally {
        await store.close();
        await ledger.stop();
      }
    });
}
