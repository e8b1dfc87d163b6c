import type { Command } from 'commander';
import { benchWardStream } from '../../bench/benchWardStream.ts';
import { benchAnomaly } from '../../clinical/index.ts';
import { printResult } from '../options.ts';
import { registerBenchIntegrity } from './benchIntegrity.ts';

/** `vigil bench anomaly`: per-reading cost of the streaming vital-sign anomaly detector. */
function registerBenchAnomaly(benchGroup: Command): void {
  benchGroup
    .command('anomaly')
    .description('measure the streaming anomaly detector (readings/s, µs per 6-vital reading)')
    .option('--patients <n>', 'patients followed at once', '1000')
    .option('--readings <n>', 'readings per patient', '200')
    .option('--json', 'print JSON')
    .action((flags: { patients: string; readings: string; json?: boolean }) => {
      const r = benchAnomaly({
        patients: Number(flags.patients),
        readingsPerPatient: Number(flags.readings),
      });
      printResult(r, Boolean(flags.json), () =>
        [
          `anomaly detector: ${r.readings} readings (${r.patients} patients x 6 vitals) in ${r.seconds.toFixed(3)} s`,
          `${r.readingsPerSecond.toLocaleString('en')} readings/s, ${r.microsPerReading.toFixed(2)} µs/reading` +
            ` (input generation alone ${r.baselineMicrosPerReading.toFixed(2)} µs), ${r.flags} flags`,
          `machine: ${r.machine}`,
        ].join('\n'),
      );
    });
}

/** `vigil bench ward-stream`: what one ward screen receives per second, paced, against every vitals change. */
function registerBenchWardStream(benchGroup: Command): void {
  benchGroup
    .command('ward-stream')
    .description(
      'measure the ward stream of a simulated ward against every vitals change (bytes/s, events/s)',
    )
    .option('--patients <n>', 'simulated patients', '16')
    .option('--rate <n>', 'readings per second per patient', '2')
    .option('--seconds <n>', 'measured seconds', '20')
    .option('--json', 'print JSON')
    .action(async (flags: { patients: string; rate: string; seconds: string; json?: boolean }) => {
      const r = await benchWardStream({
        patients: Number(flags.patients),
        rate: Number(flags.rate),
        seconds: Number(flags.seconds),
      });
      printResult(r, Boolean(flags.json), () =>
        [
          `ward stream, ${r.patients} patients, ${r.seconds} s: ${r.stream.bytesPerSecond.toLocaleString('en')} B/s, ` +
            `${r.stream.vitalsPerSecond} vitals events/s, ${r.stream.alertsPerSecond} alert events/s; ` +
            `largest gap between two updates of one patient ${r.largestGapMs} ms`,
          `every vitals change (unpaced): ${r.unpaced.bytesPerSecond.toLocaleString('en')} B/s, ${r.unpaced.vitalsPerSecond} events/s`,
          `machine: ${r.machine}, load average ${r.loadAverage}`,
        ].join('\n'),
      );
    });
}

/** The `bench` group: performance figures. Add `bench ingest`, `bench verify` … beside `anomaly`. */
export function registerBenchCommands(program: Command): void {
  const benchGroup = program.command('bench').description('measure Vigil performance on this machine');
  registerBenchAnomaly(benchGroup);
  registerBenchWardStream(benchGroup);
  registerBenchIntegrity(benchGroup);
}
