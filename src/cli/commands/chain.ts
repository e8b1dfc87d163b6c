import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import {
  completeDeployment,
  createLedger,
  deployContracts,
  getChainStatus,
  type Ledger,
  loadDeployment,
} from '../../ledger/index.ts';
import { printResult, withCommonOptions } from '../options.ts';

/** Opens the configured ledger, runs `task`, and always stops the ledger. */
export async function withLedger<T>(
  flags: Record<string, unknown>,
  task: (ledger: Ledger) => Promise<T>,
): Promise<T> {
  const ledger = await createLedger(loadConfig(flags));
  try {
    return await task(ledger);
  } finally {
    await ledger.stop();
  }
}

/** `vigil chain status|deploy`. */
export function registerChainCommands(program: Command): void {
  const chain = program.command('chain').description('the consortium ledger');

  withCommonOptions(chain.command('status'))
    .description('mode, chain id, block height and contract addresses')
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown>) => {
      const status = await withLedger(flags, getChainStatus);
      printResult(status, Boolean(flags.json), () =>
        [
          `mode:        ${status.mode}`,
          `chain id:    ${status.chainId}`,
          `block:       ${status.blockNumber} (${status.latestBlockHash})`,
          `account:     ${status.account}`,
          `contracts:   ${status.deployed ? 'deployed' : 'not deployed (run "vigil chain deploy")'}`,
          ...Object.entries(status.contracts).map(([name, address]) => `  ${name.padEnd(16)} ${address}`),
        ].join('\n'),
      );
    });

  withCommonOptions(chain.command('deploy'))
    .description('deploy the Vigil contracts (once per chain; addresses kept in the data directory)')
    .option('--force', 'deploy again even if a deployment is recorded')
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown>) => {
      const result = await withLedger(flags, async (ledger) => {
        const existing = flags.force ? undefined : await loadDeployment(ledger);
        if (existing) return { deployed: false, deployment: existing };
        // A deployment recorded by an older Vigil gets only the contracts it lacks.
        const completed = flags.force ? undefined : await completeDeployment(ledger);
        if (completed) return { deployed: true, completed: true, deployment: completed.deployment };
        return { deployed: true, deployment: (await deployContracts(ledger)).deployment };
      });
      printResult(result, Boolean(flags.json), () =>
        [
          'completed' in result
            ? `completed the deployment on chain ${result.deployment.chainId} with the contracts it lacked`
            : result.deployed
              ? `deployed on chain ${result.deployment.chainId}`
              : 'already deployed (use --force to redeploy)',
          ...Object.entries(result.deployment.contracts).map(
            ([name, address]) => `  ${name.padEnd(16)} ${address}`,
          ),
        ].join('\n'),
      );
    });
}
