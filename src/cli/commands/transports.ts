import type { Command } from 'commander';
import { benchIngestTransports } from '../../api/benchIngestTransports.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { printResult } from '../options.ts';

function positiveInt(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive integer`);
  return n;
}

/** `vigil transports bench`: end-to-end ingest throughput over HTTP and MQTT. */
export function registerTransportsCommands(program: Command): void {
  const transports = program.command('transports').description('HTTP and MQTT ingestion transports');
  transports
    .command('bench')
    .description('readings/s through HTTP, the embedded MQTT broker and optionally an external broker')
    .option('--readings <n>', 'readings per run', '4000')
    .option('--devices <n>', 'concurrent devices, one message in flight each', '32')
    .option('--batch-size <n>', 'readings per message in batched runs', '50')
    .option('--mqtt-url <url>', 'also measure this external broker (e.g. mqtt://127.0.0.1:1883)')
    .option('--database-url <url>', 'PostgreSQL store (SQLite in a temp dir otherwise)')
    .option('--json', 'print JSON')
    .action(
      async (flags: {
        readings: string;
        devices: string;
        batchSize: string;
        mqttUrl?: string;
        databaseUrl?: string;
        json?: boolean;
      }) => {
        const result = await benchIngestTransports({
          readings: positiveInt(flags.readings, '--readings'),
          devices: positiveInt(flags.devices, '--devices'),
          batchSize: positiveInt(flags.batchSize, '--batch-size'),
          ...(flags.mqttUrl ? { mqttUrl: flags.mqttUrl } : {}),
          ...(flags.databaseUrl ? { databaseUrl: flags.databaseUrl } : {}),
        });
        printResult(result, Boolean(flags.json), () =>
          [
            `machine: ${result.machine.cpus} x ${result.machine.model}, node ${result.machine.node}`,
            ...result.runs.map(
              (r) =>
                `${r.transport.padEnd(48)} ${String(r.readingsPerSecond).padStart(7)} readings/s  (${r.readings} readings, ${r.messages} messages, ${r.seconds.toFixed(2)} s)`,
            ),
          ].join('\n'),
        );
      },
    );
}
