import type { Command } from 'commander';
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

/** The `bench` group: performance figures. Add `bench ingest`, `bench verify` … beside `anomaly`. */
export function registerBenchCommands(program: Command): void {
  const benchGroup = program.command('bench').description('measure Vigil performance on this machine');
  registerBenchAnomaly(benchGroup);
  registerBenchIntegrity(benchGroup);
}
