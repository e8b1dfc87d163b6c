import { ConfigError } from '../errors/index.ts';

/** Batch bounds: a batch closes at `size` readings or after `intervalMs`, whichever comes first. */
export type BatchConfig = { size: number; intervalMs: number };

/** Reads the batch bounds: flags (`batchSize`, `batchIntervalMs`) > VIGIL_BATCH_SIZE / VIGIL_BATCH_INTERVAL_MS > 1000 / 1000 ms. */
export function loadBatchConfig(
  flags: Partial<Record<string, unknown>> = {},
  env: NodeJS.ProcessEnv = process.env,
): BatchConfig {
  const read = (flag: string, name: string, fallback: number, max: number) => {
    const raw = flags[flag] ?? env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1 || n > max)
      throw new ConfigError(`${name} must be an integer 1..${max}`);
    return n;
  };
  return {
    size: read('batchSize', 'VIGIL_BATCH_SIZE', 1000, 2 ** 32 - 1),
    intervalMs: read('batchIntervalMs', 'VIGIL_BATCH_INTERVAL_MS', 1000, 86_400_000),
  };
}
