import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidArgumentError } from '../../errors/index.ts';
import { connectContracts } from '../../ledger/index.ts';
import { createHttpSender, createMqttSender, type ReadingSender, runSimulation } from '../../sim/index.ts';
import { printResult, withCommonOptions } from '../options.ts';
import { withLedger } from './chain.ts';

function positive(name: string, value: unknown, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
}

/**
 * Opens a sender for `http(s)://…` or `mqtt(s)://…`; `ca` verifies a TLS gateway whose certificate is
 * not signed by a public CA (e.g. self-signed).
 */
export async function openSender(gateway: string, ca?: Buffer): Promise<ReadingSender> {
  const url = new URL(gateway);
  if (url.protocol === 'http:' || url.protocol === 'https:') return createHttpSender(gateway, { ca });
  if (url.protocol === 'mqtt:' || url.protocol === 'mqtts:') return createMqttSender(gateway, { ca });
  throw new InvalidArgumentError(`--gateway must be an http(s):// or mqtt(s):// URL, got ${url.protocol}`);
}

/** `vigil simulate devices`. */
export function registerSimulateCommands(program: Command): void {
  const simulate = program.command('simulate').description('device fleet simulator');
  withCommonOptions(simulate.command('devices'))
    .description(
      'register simulated bedside devices and stream signed readings replaying real ICU vital signs',
    )
    .requiredOption('--gateway <url>', 'http(s)://host:port or mqtt(s)://host:port of the gateway')
    .option('--ca <file>', "PEM CA the gateway's TLS certificate must chain to (env VIGIL_TLS_CA_FILE)")
    .option('--patients <n>', 'patients (three devices each)', '5')
    .option('--rate <r>', 'readings per second per patient', '1')
    .option('--duration <s>', 'stop after S seconds (default: when the stays end)')
    .option('--speed <x>', 'stay seconds per wall-clock second', '60')
    .option('--org <orgId>', 'organisation registering the devices', 'demo-hospital')
    .option('--json', 'print the final figures as JSON')
    .action(async (flags: Record<string, unknown>) => {
      const patients = positive('--patients', flags.patients)!;
      if (!Number.isInteger(patients)) throw new InvalidArgumentError('--patients must be a whole number');
      const caFile = flags.ca ?? process.env.VIGIL_TLS_CA_FILE;
      const ca = caFile ? await readFile(String(caFile)) : undefined;
      const sender = await openSender(String(flags.gateway), ca);
      const controller = new AbortController();
      const abort = () => controller.abort();
      process.once('SIGINT', abort);
      process.once('SIGTERM', abort);
      try {
        const stats = await withLedger(flags, async (ledger) =>
          runSimulation({
            chain: await connectContracts(ledger),
            sender,
            orgId: String(flags.org),
            patients,
            rate: positive('--rate', flags.rate),
            speed: positive('--speed', flags.speed),
            durationS: positive('--duration', flags.duration),
            // The gateway's registry cache follows the chain block by block.
            waitForDevices: () => new Promise((resolve) => setTimeout(resolve, 1500)),
            signal: controller.signal,
            onProgress: flags.json
              ? undefined
              : (s) =>
                  process.stderr.write(
                    `${s.elapsedS.toFixed(0)} s: sent ${s.sent}, acknowledged ${s.acknowledged}\n`,
                  ),
          }),
        );
        printResult(stats, Boolean(flags.json), () =>
          [
            `devices ${stats.devices}, sent ${stats.sent}, acknowledged ${stats.acknowledged} in ${stats.elapsedS.toFixed(1)} s`,
            ...Object.entries(stats.refused).map(([code, n]) => `  refused ${code}: ${n}`),
          ].join('\n'),
        );
      } finally {
        process.off('SIGINT', abort);
        process.off('SIGTERM', abort);
        await sender.close();
      }
    });
}
