import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { writeBesuConfig } from '../../consortium/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { printResult } from '../options.ts';

/** Non-empty, non-comment lines of a list file (one key or address a line). */
function readList(path: string): string[] {
  if (!existsSync(path)) throw new InvalidArgumentError(`no file at ${path}`);
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const integer = (value: unknown, name: string) => {
  const n = Number(value);
  if (!Number.isInteger(n))
    throw new InvalidArgumentError(`${name} must be an integer, got ${String(value)}`);
  return n;
};

/** `vigil consortium besu-config`: the Hyperledger Besu QBFT set-up of a consortium chain. */
export function registerConsortiumBesuCommand(consortium: Command): void {
  consortium
    .command('besu-config')
    .description(
      'write a Besu QBFT network for N hospitals: the generate-blockchain-config input, node configs, node and account allowlists',
    )
    .requiredOption('--hospitals <n>', 'number of hospitals')
    .requiredOption('--out <dir>', 'output folder (new or empty)')
    .option(
      '--validators <n>',
      'validator nodes, one per hospital or more, at least 4 (default: max(4, hospitals))',
    )
    .option('--chain-id <id>', 'chain id', '1337')
    .option('--block-period <seconds>', 'seconds between blocks', '2')
    .option('--hosts <ips>', 'comma-separated IP of each validator (default: all 127.0.0.1, distinct ports)')
    .option(
      '--node-public-keys <file>',
      "each validator's node public key, one a line (no node private key is written)",
    )
    .option('--accounts <file>', 'accounts allowed to send transactions, one address a line (none generated)')
    .option('--json', 'print JSON')
    .action((flags: Record<string, unknown>) => {
      const result = writeBesuConfig({
        outDir: String(flags.out),
        hospitals: integer(flags.hospitals, '--hospitals'),
        ...(flags.validators === undefined ? {} : { validators: integer(flags.validators, '--validators') }),
        chainId: integer(flags.chainId, '--chain-id'),
        blockPeriodSeconds: integer(flags.blockPeriod, '--block-period'),
        ...(flags.hosts
          ? {
              hosts: String(flags.hosts)
                .split(',')
                .map((h) => h.trim()),
            }
          : {}),
        ...(flags.nodePublicKeys ? { nodePublicKeys: readList(String(flags.nodePublicKeys)) } : {}),
        ...(flags.accounts ? { accounts: readList(String(flags.accounts)) } : {}),
      });
      const { plan } = result;
      const summary = {
        outDir: result.outDir,
        chainId: plan.chainId,
        validators: plan.nodes.map(({ privateKey: _secret, ...n }) => n),
        accounts: plan.accounts.map(({ name, address }) => ({ name, address })),
        faultTolerance: plan.faultTolerance,
        files: result.files,
      };
      printResult(summary, Boolean(flags.json), () =>
        [
          `wrote a ${plan.nodes.length}-validator QBFT network for ${plan.hospitals} hospital(s) to ${result.outDir}`,
          `  tolerates ${plan.faultTolerance} validator(s) down; stalls when more than a third are lost`,
          ...plan.nodes.map(
            (n) => `  hospital-${n.hospital}/node-${n.index}  ${n.address}  ${n.host}:${n.p2pPort}`,
          ),
          `next: besu operator generate-blockchain-config --config-file=${result.outDir}/qbftConfigFile.json --to=${result.outDir}/networkFiles --private-key-file-name=key`,
          `(see ${result.outDir}/README.md)`,
        ].join('\n'),
      );
    });
}
