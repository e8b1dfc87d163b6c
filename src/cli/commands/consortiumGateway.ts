import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import {
  addGateway,
  describeLocalGateway,
  type GatewayAction,
  getGateway,
  rotateGatewayKey,
  setGatewayEndpoint,
  setGatewayStatus,
} from '../../consortium/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { loadOrCreateGatewayRequestKey } from '../../ledger/index.ts';
import { printResult, withCommonOptions } from '../options.ts';
import { gatewayJson, hex, readRequestPublicKey, requireReason, withContracts } from './consortiumShared.ts';

const DONE = { suspend: 'suspended', reinstate: 'reinstated', depart: 'departed' } as const;

/** `--public-key FILE` or `--generate-key`, exactly one. */
function keySource(flags: Record<string, unknown>): { file: string } | { generate: true } {
  if (Boolean(flags.publicKey) === Boolean(flags.generateKey)) {
    throw new InvalidArgumentError(
      'give --public-key FILE (generated on the gateway) or --generate-key (this data directory is the gateway)',
    );
  }
  return flags.generateKey ? { generate: true } : { file: String(flags.publicKey) };
}

/** `vigil consortium gateway add|rotate-key|set-endpoint|suspend|reinstate|depart|identity`. */
export function registerConsortiumGatewayCommands(consortium: Command): void {
  const gateway = consortium
    .command('gateway')
    .description("hospitals' gateways: accounts, endpoints, request-signing keys");

  withCommonOptions(gateway.command('add <gatewayId>'))
    .description('add a gateway to an active hospital and grant it the gateway role (consortium admin)')
    .requiredOption('--org <orgId>', 'its hospital')
    .option('--account <address>', "the gateway's chain account (default: this signer)")
    .option('--endpoint <url>', 'base URL of its public API (default: $VIGIL_PUBLIC_URL)')
    .option(
      '--public-key <file>',
      'its request-signing public key (PEM or hex SEC1), generated on the gateway',
    )
    .option(
      '--generate-key',
      'generate the key pair in this data directory (mode 0600): only when this signer is the gateway',
    )
    .option('--json', 'print JSON')
    .action(async (gatewayId: string, flags: Record<string, unknown>) => {
      const source = keySource(flags);
      const config = loadConfig(flags);
      const out = await withContracts(flags, async (ctx) => {
        const account = flags.account ? String(flags.account) : ctx.ledger.account.address;
        let requestKey: Uint8Array;
        if ('generate' in source) {
          if (account.toLowerCase() !== ctx.ledger.account.address.toLowerCase()) {
            throw new InvalidArgumentError(
              '--generate-key keeps the private key in this data directory: use it only when this signer is the gateway; otherwise give --public-key',
            );
          }
          requestKey = Buffer.from(
            loadOrCreateGatewayRequestKey(ctx.ledger.chainDir).publicKey.slice(2),
            'hex',
          );
        } else requestKey = readRequestPublicKey(source.file);
        const endpoint = flags.endpoint ? String(flags.endpoint) : config.publicUrl;
        const receipt = await addGateway(ctx, {
          gatewayId,
          orgId: String(flags.org),
          account,
          endpoint,
          requestKey,
        });
        return { ...gatewayJson(await getGateway(ctx, gatewayId)), block: receipt.blockNumber };
      });
      printResult(
        out,
        Boolean(flags.json),
        () => `added ${gatewayId} of ${out.orgId} (${out.account}) at ${out.endpoint} in block ${out.block}`,
      );
    });

  withCommonOptions(gateway.command('rotate-key <gatewayId>'))
    .description(
      "replace a gateway's request-signing key (the gateway itself, its hospital admin, or the consortium admin)",
    )
    .option('--public-key <file>', 'the new public key (PEM or hex SEC1), generated on the gateway')
    .option('--generate-key', 'generate the new pair in this data directory (this signer is the gateway)')
    .option('--json', 'print JSON')
    .action(async (gatewayId: string, flags: Record<string, unknown>) => {
      const source = keySource(flags);
      const rotated = await withContracts(flags, (ctx) =>
        rotateGatewayKey(ctx, {
          gatewayId,
          ...('file' in source ? { requestKey: readRequestPublicKey(source.file) } : {}),
        }),
      );
      const out = {
        gatewayId,
        keyVersion: rotated.keyVersion,
        requestKey: hex(rotated.requestKey),
        keyFile: rotated.keyFile ?? null,
        recovered: rotated.recovered,
        block: rotated.receipt?.blockNumber ?? null,
      };
      printResult(out, Boolean(flags.json), () =>
        rotated.recovered
          ? `the chain already held key v${out.keyVersion} of ${gatewayId} from an interrupted rotation: now in place at ${out.keyFile}`
          : `${gatewayId} signs with key v${out.keyVersion} from block ${out.block}${out.keyFile ? ` (private key ${out.keyFile}, mode 0600)` : ''}`,
      );
    });

  withCommonOptions(gateway.command('set-endpoint <gatewayId> <url>'))
    .description("move a gateway's public API endpoint")
    .action(async (gatewayId: string, url: string, flags: Record<string, unknown>) => {
      const receipt = await withContracts(flags, (ctx) =>
        setGatewayEndpoint(ctx, { gatewayId, endpoint: url }),
      );
      process.stdout.write(`${gatewayId} is reached at ${url} from block ${receipt.blockNumber}\n`);
    });

  const statusCommand = (action: GatewayAction, description: string) =>
    withCommonOptions(gateway.command(`${action} <gatewayId>`))
      .description(description)
      .requiredOption('--reason <text>', 'why (public on chain: never name a patient)')
      .action(async (gatewayId: string, flags: Record<string, unknown>) => {
        const receipt = await withContracts(flags, (ctx) =>
          setGatewayStatus(ctx, { gatewayId, action, reason: requireReason(flags) }),
        );
        process.stdout.write(`${DONE[action]} ${gatewayId} in block ${receipt.blockNumber}\n`);
      });
  statusCommand(
    'suspend',
    'suspend a gateway: it can no longer anchor or write trust or consent (its hospital admin or the consortium admin)',
  );
  statusCommand('reinstate', 'reinstate a suspended gateway (consortium admin)');
  statusCommand('depart', 'retire a gateway for good (its hospital admin or the consortium admin)');

  withCommonOptions(gateway.command('identity'))
    .description(
      "this data directory's chain account and request-signing public key, to hand to the consortium admin",
    )
    .option('--generate-key', 'generate the request-signing key pair (mode 0600) if there is none yet')
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown>) => {
      const local = await withContracts(flags, (ctx) =>
        describeLocalGateway(ctx, { generateKey: Boolean(flags.generateKey) }),
      );
      const out = {
        ...local,
        requestKey: local.requestKey ? hex(local.requestKey) : null,
        gateway: local.gateway ? gatewayJson(local.gateway) : null,
      };
      printResult(out, Boolean(flags.json), () =>
        [
          `account:      ${out.account}`,
          `request key:  ${out.requestKey ?? 'none (run with --generate-key)'}`,
          `key file:     ${out.keyFile ?? '-'}`,
          out.gateway
            ? `gateway:      ${out.gateway.gatewayId} of ${out.gateway.orgId}, ${out.gateway.active ? 'active' : out.gateway.status}, key v${out.gateway.keyVersion}${out.keyMatchesChain === false ? ' (NOT the key kept here)' : ''}`
            : 'gateway:      not registered (the consortium admin runs "vigil consortium gateway add")',
        ].join('\n'),
      );
    });
}
