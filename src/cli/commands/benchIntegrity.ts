import type { Command } from 'commander';
import { InvalidArgumentError } from '../../errors/index.ts';
import { MAX_READINGS_PER_MESSAGE } from '../../ingest/index.ts';
import { benchIngest } from '../../integrity/benchIngest.ts';
import { benchVerify } from '../../integrity/benchVerify.ts';
import { printResult } from '../options.ts';

const positive = (value: string, name: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
  return n;
};

/** A message holds at most what the gateway accepts in one (larger ones would all be refused). */
const readingsPerMessage = (value: string) => {
  const n = positive(value, '--readings-per-message');
  if (n > MAX_READINGS_PER_MESSAGE) {
    throw new InvalidArgumentError(`--readings-per-message must be at most ${MAX_READINGS_PER_MESSAGE}`);
  }
  return n;
};

/** `vigil bench ingest` and `vigil bench verify` (tamper-evidence throughput and latency). */
export function registerBenchIntegrity(benchGroup: Command): void {
  benchGroup
    .command('ingest')
    .description(
      'end-to-end signed readings/s (verify → store → batch → anchor), latency, raw verify rate and a one-tx-per-reading baseline',
    )
    .option('--seconds <s>', 'seconds of the sustained phase', '5')
    .option('--devices <n>', 'simulated devices', '500')
    .option('--workers <n>', 'signature-verification workers (default: cores - 1, at least 1)')
    .option(
      '--transport <t>',
      'mqtt | http (the real gateway) | pipeline (pipeline.submit, no network)',
      'mqtt',
    )
    .option(
      '--readings-per-message <n>',
      'readings a device sends per message (more: a { readings: [...] } batch of its consecutive readings)',
      '1',
    )
    .option('--json', 'print JSON')
    .action(
      async (flags: {
        seconds: string;
        devices: string;
        readingsPerMessage: string;
        workers?: string;
        transport: string;
        json?: boolean;
      }) => {
        const transport = flags.transport;
        if (transport !== 'pipeline' && transport !== 'http' && transport !== 'mqtt') {
          throw new InvalidArgumentError('--transport must be mqtt, http or pipeline');
        }
        const log = flags.json ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
        const r = await benchIngest({
          seconds: positive(flags.seconds, '--seconds'),
          devices: positive(flags.devices, '--devices'),
          workers: flags.workers === undefined ? undefined : positive(flags.workers, '--workers'),
          transport,
          readingsPerMessage: readingsPerMessage(flags.readingsPerMessage),
          log,
        });
        printResult(r, Boolean(flags.json), () =>
          [
            `transport ${r.transport}${r.readingsPerMessage > 1 ? `, ${r.readingsPerMessage} readings per message` : ''}: readings/s ${r.readingsPerSecond.toLocaleString('en')} = ${r.ratioToRawVerify} x raw verify (${r.rawVerifyPerSecond.toLocaleString('en')}/s with ${r.workers} workers; ${r.rawVerifyAllCoresPerSecond.toLocaleString('en')}/s on all ${r.cores} cores)`,
            ...(r.transportCeilingPerSecond === null
              ? []
              : [
                  `${r.transport} alone (no parse, verify or store): ${r.transportCeilingPerSecond.toLocaleString('en')} readings/s = ${(r.transportCeilingPerSecond / r.rawVerifyPerSecond).toFixed(2)} x raw verify`,
                ]),
            `CPU per reading (all threads, sustained phase): ${r.cpuMicrosPerReading} µs; the signature check alone ${Math.round(1e6 / r.rawVerifyPerSecond)} µs`,
            `one tx per reading: ${r.perReadingTxPerSecond} tx/s -> batching is ${r.speedupVsPerReadingTx}x faster`,
            `publish->durable p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms; publish->anchored p50 ${r.p50AnchoredMs} ms p99 ${r.p99AnchoredMs} ms`,
            `machine: ${r.cpu}, ${r.cores} cores, ${r.node}, load ${r.loadAverage}`,
          ].join('\n'),
        );
      },
    );

  benchGroup
    .command('verify')
    .description(
      'readings re-verified per second by vigil verify (full: decrypt + re-derive; fast: leaf_hash column)',
    )
    .option('--readings <n>', 'readings in the synthetic store', '200000')
    .option('--json', 'print JSON')
    .action(async (flags: { readings: string; json?: boolean }) => {
      const log = flags.json ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
      const r = await benchVerify({ readings: positive(flags.readings, '--readings'), log });
      printResult(r, Boolean(flags.json), () =>
        [
          `vigil verify: ${r.readings.toLocaleString('en')} readings in ${r.batches} batches, ${r.seconds.toFixed(2)} s`,
          `full: ${r.readingsPerSecond.toLocaleString('en')} readings/s (${r.readingsPerCpuSecond.toLocaleString('en')} per CPU-s); fast: ${r.fastReadingsPerSecond.toLocaleString('en')} readings/s (${r.fastReadingsPerCpuSecond.toLocaleString('en')} per CPU-s)`,
          `decrypt + leaf hash alone on ${r.workers} threads (full mode's ceiling here): ${r.cryptoCeilingPerSecond.toLocaleString('en')} readings/s`,
          `machine: ${r.cpu}, ${r.cores} cores, ${r.node}`,
        ].join('\n'),
      );
    });
}
