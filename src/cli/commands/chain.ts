import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import {
  createLedger,
  deployContracts,
  ensureDeployed,
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
      const config = loadConfig(flags);
      // The deployer is this gateway: it admits its own hospital and registers itself as its gateway.
      const self = { orgId: config.organisation, gatewayId: config.gatewayId, endpoint: config.publicUrl };
      const result = await withLedger(flags, async (ledger) => {
        const existing = flags.force ? undefined : await loadDeployment(ledger);
        if (existing) return { deployed: false, deployment: existing };
        const deploy = flags.force ? deployContracts(ledger, { self }) : ensureDeployed(ledger, { self });
        return { deployed: true, deployment: (await deploy).deployment };
      });
      printResult(result, Boolean(flags.json), () =>
        [
          result.deployed
            ? `deployed on chain ${result.deployment.chainId}`
            : 'already deployed (use --force to redeploy)',
          ...Object.entries(result.deployment.contracts).map(
            ([name, address]) => `  ${name.padEnd(16)} ${address}`,
          ),
        ].join('\n'),
      );
    });
}
