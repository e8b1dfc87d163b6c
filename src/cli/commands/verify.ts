import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Address } from 'viem';
import { loadConfig } from '../../config/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { openIntegrityContext } from '../../integrity/openIntegrityContext.ts';
import { openStoreFile } from '../../integrity/openStoreFile.ts';
import { verifyExportBundle } from '../../integrity/verifyExportBundle.ts';
import { verifyProofOnChain } from '../../integrity/verifyProofOnChain.ts';
import { verifyStore } from '../../integrity/verifyStore.ts';
import { createLedger, loadDeployment } from '../../ledger/index.ts';
import { printResult, withCommonOptions } from '../options.ts';
import { registerVerifyModelCommand } from './verifyModel.ts';

type Flags = Record<string, unknown> & { json?: boolean; contract?: string };

const readText = (file: string) =>
  readFile(file, 'utf8').catch((cause: unknown) => {
    throw new InvalidArgumentError(`cannot read ${file}`, { cause });
  });

/** Connects to the configured chain only (no store); the pinned contract is --contract or the recorded deployment. */
async function chainOnly(flags: Flags) {
  const config = loadConfig(flags);
  const ledger = await createLedger(config);
  const deployment = await loadDeployment(ledger).catch(() => undefined);
  const expectedContract = (flags.contract as Address | undefined) ?? deployment?.contracts.dataAnchor;
  return { ledger, expectedContract };
}

/** `vigil verify`, `vigil verify proof FILE`, `vigil verify export FILE`. */
export function registerVerifyCommands(program: Command): void {
  const verify = withCommonOptions(program.command('verify'))
    .description('re-derive every batch from the store and compare it with the chain (exit 1 when tampered)')
    .option('--fast', 'check only the recorded leaf_hash column, batch rows and positions (no decryption)')
    .option('--json', 'print JSON')
    .action(async (flags: Flags & { fast?: boolean }) => {
      const config = loadConfig(flags);
      const ctx = await openIntegrityContext(config);
      const file = openStoreFile(config.dataDir, config.gatewayId);
      try {
        const r = await verifyStore({
          store: ctx.store,
          file,
          chain: ctx.chain,
          mode: flags.fast ? 'fast' : 'full',
        });
        printResult(r, Boolean(flags.json), () =>
          [
            `${r.ok ? 'INTACT' : 'TAMPERED'}: gateway ${r.gatewayId}, ${r.batches.checked} batches (${r.batches.anchored} anchored, ${r.batches.pending} pending), ${r.readings.checked} readings (${r.readings.erased} erased) in ${r.seconds.toFixed(2)} s (${r.readingsPerSecond.toLocaleString('en')} readings/s)`,
            ...(r.batches.bad.length ? [`bad batches: ${r.batches.bad.join(', ')}`] : []),
            ...r.issues.map(
              (i) =>
                `  batch ${i.batch ?? '-'} ${i.kind}${i.readingId ? ` reading ${i.readingId}` : ''}${i.batchIndex !== undefined ? ` index ${i.batchIndex}` : ''}: ${i.detail}`,
            ),
          ].join('\n'),
        );
        if (!r.ok) process.exitCode = 1;
      } finally {
        file.close();
        await ctx.close();
      }
    });

  withCommonOptions(verify.command('proof <file>'))
    .description('check an inclusion-proof document against the chain alone (no gateway, no store)')
    .option(
      '--contract <address>',
      'DataAnchor address to trust (default: the deployment recorded in the data dir)',
    )
    .option('--json', 'print JSON')
    .action(async (path: string, _flags: Flags, cmd: Command) => {
      // Options given after the subcommand may be taken by `verify` itself: read both levels.
      const flags = cmd.optsWithGlobals() as Flags;
      const text = await readText(path);
      const { ledger, expectedContract } = await chainOnly(flags);
      try {
        const r = await verifyProofOnChain({ client: ledger.publicClient, document: text, expectedContract });
        const out = r.valid
          ? {
              valid: true,
              contractPinned: r.contractPinned,
              gatewayId: r.document.batch.gatewayId,
              seq: r.document.batch.seq,
              leafIndex: r.document.leafIndex,
              root: r.document.root,
              txHash: r.document.anchor.txHash,
              blockNumber: r.document.anchor.blockNumber,
            }
          : r;
        printResult(out, Boolean(flags.json), () =>
          r.valid
            ? `VALID: reading ${r.document.reading.deviceId}#${r.document.reading.seq} is leaf ${r.document.leafIndex} of batch ${r.document.batch.gatewayId}#${r.document.batch.seq}, anchored in block ${r.document.anchor.blockNumber} (tx ${r.document.anchor.txHash})${r.contractPinned ? '' : ' [contract address taken from the proof: pin it with --contract]'}`
            : `INVALID ${r.code}: ${r.message}`,
        );
        if (!r.valid) process.exitCode = 1;
      } finally {
        await ledger.stop();
      }
    });

  withCommonOptions(verify.command('export <file>'))
    .description('check every entry of a verifiable FHIR Bundle export against the chain')
    .option(
      '--contract <address>',
      'DataAnchor address to trust (default: the deployment recorded in the data dir)',
    )
    .option('--json', 'print JSON')
    .action(async (path: string, _flags: Flags, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as Flags;
      let bundle: unknown;
      try {
        bundle = JSON.parse(await readText(path));
      } catch (cause) {
        throw new InvalidArgumentError(`${path} is not JSON`, { cause });
      }
      const { ledger, expectedContract } = await chainOnly(flags);
      try {
        const r = await verifyExportBundle({ client: ledger.publicClient, bundle, expectedContract });
        printResult(r, Boolean(flags.json), () =>
          [
            `${r.valid ? 'VALID' : 'INVALID'}: ${r.entries} entries, ${r.invalid.length} invalid${r.code ? ` (${r.code})` : ''}`,
            ...r.invalid.map((i) => `  entry ${i.index} ${i.fullUrl ?? ''}: ${i.code} ${i.message ?? ''}`),
            ...r.seqGaps.map(
              (g) =>
                `  note: device ${g.deviceId} seq ${g.after} -> ${g.next} (readings between are not in this export)`,
            ),
          ].join('\n'),
        );
        if (!r.valid) process.exitCode = 1;
      } finally {
        await ledger.stop();
      }
    });

  registerVerifyModelCommand(verify);
}
