import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { exportPatientBundle } from '../../integrity/exportPatientBundle.ts';
import { createProofService } from '../../integrity/getProofDocument.ts';
import { openIntegrityContext } from '../../integrity/openIntegrityContext.ts';
import { printResult, withCommonOptions } from '../options.ts';

/** `vigil export --patient P --out FILE`: a verifiable FHIR Bundle of one patient's anchored readings. */
export function registerExportCommands(program: Command): void {
  withCommonOptions(program.command('export'))
    .description(
      'write a FHIR Bundle (collection) of a patient’s anchored readings, each with its inclusion proof',
    )
    .requiredOption('--patient <pseudonym>', 'patient pseudonym')
    .requiredOption('--out <file>', 'output file (FHIR JSON)')
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown> & { patient: string; out: string; json?: boolean }) => {
      if (!/^[A-Za-z0-9._-]{1,31}$/.test(flags.patient))
        throw new InvalidArgumentError('invalid patient pseudonym');
      const ctx = await openIntegrityContext(loadConfig(flags));
      try {
        const proofs = createProofService({ store: ctx.store, chain: ctx.chain });
        const r = await exportPatientBundle({ store: ctx.store, proofs, patient: flags.patient });
        await writeFile(flags.out, `${JSON.stringify(r.bundle, null, 2)}\n`);
        const out = { file: flags.out, exported: r.exported, skipped: r.skipped };
        printResult(
          out,
          Boolean(flags.json),
          () =>
            `wrote ${r.exported} entries to ${flags.out}; ${r.skipped.length} readings left out (${[...new Set(r.skipped.map((s) => s.code))].join(', ') || 'none'})`,
        );
      } finally {
        await ctx.close();
      }
    });
}
