import type { Command } from 'commander';
import { readFederatedModelFile, verifyModelLineage } from '../../federation/index.ts';
import { connectContracts } from '../../ledger/index.ts';
import { printResult, withCommonOptions } from '../options.ts';
import { withLedger } from './chain.ts';

const short = (hex: string) => `${hex.slice(0, 10)}…`;

/** `vigil verify model FILE`: a federated model file's lineage, proven from FederationRegistry. */
export function registerVerifyModelCommand(verify: Command): void {
  withCommonOptions(verify.command('model <file>'))
    .description(
      'prove a federated model file’s lineage from the chain: which rounds and hospitals produced it',
    )
    .option('--json', 'print JSON')
    .action(async (path: string, _flags: Record<string, unknown>, cmd: Command) => {
      // Options given after the subcommand may be taken by `verify` itself: read both levels.
      const flags = cmd.optsWithGlobals() as Record<string, unknown>;
      const file = readFederatedModelFile(path);
      const r = await withLedger(flags, async (ledger) =>
        verifyModelLineage(await connectContracts(ledger), file),
      );
      printResult(r, Boolean(flags.json), () => {
        const head = r.valid
          ? `VALID: model ${r.modelDigest} is round ${r.round} of federation ${r.federationId} (task ${r.task}, coordinator ${r.coordinator})`
          : `INVALID ${r.code}: ${r.message}`;
        if (r.federationId === undefined) return head;
        return [
          head,
          `  round 0: initial model ${short(r.initialModelDigest ?? '')}`,
          ...r.rounds.map(
            (x) =>
              `  round ${x.round} (block ${x.blockNumber}, ${x.aggregator}): ${x.hospitals
                .map((h) => `${h.hospitalId} w ${h.weight.toFixed(2)} trust ${h.trust.toFixed(2)}`)
                .join(', ')} -> ${short(x.modelDigest)}`,
          ),
          ...r.exclusions.map((e) => `  excluded ${e.hospitalId} after round ${e.round}: ${e.reason}`),
          ...r.reinstatements.map((e) => `  reinstated ${e.hospitalId}: ${e.reason}`),
          `  hospitals: ${r.hospitals.join(', ')}${r.unregistered.length ? ` (not registered organisations: ${r.unregistered.join(', ')})` : ' (all registered organisations)'}`,
        ].join('\n');
      });
      if (!r.valid) process.exitCode = 1;
    });
}
