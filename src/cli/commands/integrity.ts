import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidArgumentError } from '../../errors/index.ts';
import { benchMerkle, verifyProofDocumentOffline } from '../../integrity/index.ts';
import { printResult } from '../options.ts';

/** `vigil integrity bench-merkle|verify-proof`: Merkle throughput and offline checks of proof documents. */
export function registerIntegrityCommands(program: Command): void {
  const integrity = program
    .command('integrity')
    .description('RFC 6962 Merkle trees: throughput and offline checks of inclusion-proof documents');

  integrity
    .command('bench-merkle')
    .description('measure leaf hashing and tree building (leaves/s) against a createHash baseline')
    .option('--leaves <n>', 'leaves per run', '200000')
    .option('--rounds <n>', 'timed runs per figure (median reported)', '5')
    .option('--json', 'print JSON')
    .action((flags: { leaves: string; rounds: string; json?: boolean }) => {
      const leaves = Number(flags.leaves);
      const rounds = Number(flags.rounds);
      if (!Number.isSafeInteger(leaves) || leaves < 1)
        throw new InvalidArgumentError('--leaves must be >= 1');
      if (!Number.isSafeInteger(rounds) || rounds < 1)
        throw new InvalidArgumentError('--rounds must be >= 1');
      // The text form is printed line by line while it runs; --json prints once at the end.
      const r = benchMerkle({ leaves, rounds, ...(flags.json ? { log: () => {} } : {}) });
      if (flags.json) printResult(r, true, () => '');
    });

  integrity
    .command('verify-proof <file>')
    .description(
      'check an inclusion-proof document offline (leaf, path, root, count); the on-chain anchor is NOT checked',
    )
    .option('--json', 'print JSON')
    .action(async (file: string, flags: { json?: boolean }) => {
      const text = await readFile(file, 'utf8').catch((cause: unknown) => {
        throw new InvalidArgumentError(`cannot read ${file}`, { cause });
      });
      const r = verifyProofDocumentOffline(text);
      const out = r.valid
        ? {
            valid: true,
            offlineOnly: true,
            leafHash: r.document.leafHash,
            leafIndex: r.document.leafIndex,
            treeSize: r.document.treeSize,
            root: r.document.root,
            batch: r.document.batch,
            anchor: r.document.anchor,
          }
        : { valid: false, offlineOnly: true, error: r.error.toJSON() };
      printResult(out, Boolean(flags.json), () =>
        r.valid
          ? [
              `offline check passed: leaf ${r.document.leafIndex} of ${r.document.treeSize} leads to root ${r.document.root}`,
              `still to check on chain: batch ${r.document.batch.seq} of gateway ${r.document.batch.gatewayId} with this root and count at ${r.document.anchor.contract} (chain ${r.document.anchor.chainId}, block ${r.document.anchor.blockNumber})`,
            ].join('\n')
          : `proof INVALID ${r.code}: ${r.error.message}`,
      );
      if (!r.valid) process.exitCode = 1;
    });
}
