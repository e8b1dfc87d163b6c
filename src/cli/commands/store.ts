import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { benchStore, openStore } from '../../store/index.ts';
import { printResult, withCommonOptions } from '../options.ts';

function positiveInt(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive integer`);
  return n;
}

/** `vigil store info|bench`: database health counts and the store benchmark. */
export function registerStoreCommands(program: Command): void {
  const store = program.command('store').description('the database: readings, batches, devices, keys');

  withCommonOptions(store.command('info'))
    .description('open the store (applying migrations) and print table counts')
    .option(
      '--database-url <url>',
      'PostgreSQL URL (env VIGIL_DATABASE_URL); SQLite in the data dir when absent',
    )
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown>) => {
      const config = loadConfig(flags);
      const s = await openStore({
        dataDir: config.dataDir,
        databaseUrl: config.databaseUrl,
        masterKey: config.masterKey,
        gatewayId: config.gatewayId,
      });
      try {
        const stats = await s.getStats();
        printResult(stats, Boolean(flags.json), () =>
          Object.entries(stats)
            .map(([k, v]) => `${k.padEnd(20)} ${v}`)
            .join('\n'),
        );
      } finally {
        await s.close();
      }
    });

  store
    .command('bench')
    .description('measure bulk inserts and batch leaf reads on synthetic readings (temporary database)')
    .option(
      '--database-url <url>',
      'PostgreSQL URL (env VIGIL_DATABASE_URL); a temporary SQLite file when absent',
    )
    .option('--rows <n>', 'readings to insert', '100000')
    .option('--batch-size <n>', 'readings per insertReadings call', '500')
    .option('--concurrency <n>', 'concurrent callers', '4')
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown>) => {
      const json = Boolean(flags.json);
      const result = await benchStore({
        databaseUrl: loadConfig(flags).databaseUrl,
        rows: positiveInt(flags.rows, '--rows'),
        batchSize: positiveInt(flags.batchSize, '--batch-size'),
        concurrency: positiveInt(flags.concurrency, '--concurrency'),
        log: json ? () => undefined : undefined,
      });
      if (json) printResult(result, true, () => '');
    });
}
