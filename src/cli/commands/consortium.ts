import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import {
  admitHospital,
  getPatientHome,
  type HospitalAction,
  listConsortium,
  setHospitalStatus,
  setPatientHome,
  transferPatient,
} from '../../consortium/index.ts';
import { ensureDeployed, loadDeployment } from '../../ledger/index.ts';
import { printResult, withCommonOptions } from '../options.ts';
import { withLedger } from './chain.ts';
import { registerConsortiumBesuCommand } from './consortiumBesu.ts';
import { registerConsortiumGatewayCommands } from './consortiumGateway.ts';
import { consortiumJson, consortiumText, requireReason, withContracts } from './consortiumShared.ts';

const DONE = { suspend: 'suspended', reinstate: 'reinstated', depart: 'departed' } as const;

/** `vigil consortium …`: membership on chain (hospitals, gateways, patient homes) and the Besu set-up. */
export function registerConsortiumCommands(program: Command): void {
  const consortium = program
    .command('consortium')
    .description('consortium membership on chain: hospitals, their gateways, patient homes; Besu set-up');

  withCommonOptions(consortium.command('init'))
    .description(
      "deploy the contracts on the configured chain if none are recorded, admitting this signer's hospital ($VIGIL_ORG_ID) with this gateway ($VIGIL_GATEWAY_ID at $VIGIL_PUBLIC_URL)",
    )
    .option('--no-gateway', 'admit no hospital and add no gateway: this key only administers the consortium')
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown>) => {
      const config = loadConfig(flags);
      const self =
        flags.gateway === false
          ? null
          : { orgId: config.organisation, gatewayId: config.gatewayId, endpoint: config.publicUrl };
      const result = await withLedger(flags, async (ledger) => {
        const existing = await loadDeployment(ledger);
        const deployment = existing ?? (await ensureDeployed(ledger, { self })).deployment;
        const listing = await listConsortium({ ledger, deployment });
        return {
          deployed: !existing,
          deployment,
          deploymentFile: join(ledger.chainDir, 'deployments.json'),
          listing,
        };
      });
      printResult({ ...result, listing: consortiumJson(result.listing) }, Boolean(flags.json), () =>
        [
          result.deployed
            ? `deployed the Vigil contracts on chain ${result.deployment.chainId}`
            : `the contracts are already deployed on chain ${result.deployment.chainId}`,
          `  ConsortiumRegistry ${result.deployment.contracts.consortiumRegistry}`,
          `  deployment record  ${result.deploymentFile} (copy it into each hospital's data directory)`,
          consortiumText(result.listing),
        ].join('\n'),
      );
    });

  withCommonOptions(consortium.command('admit <orgId>'))
    .description('admit a hospital (consortium admin); registers its organisation with --admin as its admin')
    .option('--admin <address>', "the hospital's admin account (default: this signer)")
    .option('--json', 'print JSON')
    .action(async (orgId: string, flags: Record<string, unknown>) => {
      const admitted = await withContracts(flags, (ctx) =>
        admitHospital(ctx, { orgId, ...(flags.admin ? { admin: String(flags.admin) } : {}) }),
      );
      const out = { orgId, admin: admitted.admin, block: admitted.receipt.blockNumber };
      printResult(
        out,
        Boolean(flags.json),
        () => `admitted ${orgId} (admin ${out.admin}) in block ${out.block}`,
      );
    });

  const statusCommand = (action: HospitalAction, description: string) =>
    withCommonOptions(consortium.command(`${action} <orgId>`))
      .description(description)
      .requiredOption('--reason <text>', 'why (public on chain: never name a patient)')
      .action(async (orgId: string, flags: Record<string, unknown>) => {
        const receipt = await withContracts(flags, (ctx) =>
          setHospitalStatus(ctx, { orgId, action, reason: requireReason(flags) }),
        );
        process.stdout.write(`${DONE[action]} ${orgId} in block ${receipt.blockNumber}\n`);
      });
  statusCommand('suspend', 'suspend a hospital: all its gateways lose their roles (consortium admin)');
  statusCommand('reinstate', 'reinstate a suspended hospital: its active gateways get their roles back');
  statusCommand('depart', 'a hospital leaves for good with all its gateways (consortium admin or its admin)');

  withCommonOptions(consortium.command('list'))
    .description(
      'hospitals and their gateways (account, endpoint, key version, status) as the chain records them',
    )
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown>) => {
      const listing = await withContracts(flags, listConsortium);
      printResult(consortiumJson(listing), Boolean(flags.json), () => consortiumText(listing));
    });

  registerConsortiumGatewayCommands(consortium);

  const patient = consortium.command('patient').description("patients' home hospitals on chain");
  withCommonOptions(patient.command('set-home <patient>'))
    .description("record a patient pseudonym's first home hospital (its gateway or admin)")
    .requiredOption('--org <orgId>', 'the home hospital')
    .action(async (pseudonym: string, flags: Record<string, unknown>) => {
      const receipt = await withContracts(flags, (ctx) =>
        setPatientHome(ctx, { patient: pseudonym, orgId: String(flags.org) }),
      );
      process.stdout.write(`${pseudonym} lives at ${flags.org} from block ${receipt.blockNumber}\n`);
    });
  withCommonOptions(patient.command('transfer <patient>'))
    .description('transfer a patient to another hospital, with the devices that move with them')
    .requiredOption('--to <orgId>', 'the receiving hospital')
    .option(
      '--device <deviceId...>',
      'devices attached to the patient that move too (id, key and trust kept)',
    )
    .action(async (pseudonym: string, flags: Record<string, unknown>) => {
      const receipt = await withContracts(flags, (ctx) =>
        transferPatient(ctx, {
          patient: pseudonym,
          toOrgId: String(flags.to),
          deviceIds: (flags.device as string[] | undefined) ?? [],
        }),
      );
      process.stdout.write(`transferred ${pseudonym} to ${flags.to} in block ${receipt.blockNumber}\n`);
    });
  withCommonOptions(patient.command('home <patient>'))
    .description("a patient's home hospital and the history of its homes")
    .option('--json', 'print JSON')
    .action(async (pseudonym: string, flags: Record<string, unknown>) => {
      const home = await withContracts(flags, (ctx) => getPatientHome(ctx, pseudonym));
      printResult(home, Boolean(flags.json), () =>
        home.history.length === 0
          ? `${pseudonym} has no home hospital on chain`
          : home.history
              .map(
                (h, i) =>
                  `${i === home.history.length - 1 ? '*' : ' '} ${h.orgId.padEnd(20)} from block ${h.sinceBlock}`,
              )
              .join('\n'),
      );
    });

  registerConsortiumBesuCommand(consortium);
}
