import { ConfigError } from '../errors/index.ts';

/** Trust settings (flags > `VIGIL_TRUST_…` environment > defaults). */
export type TrustConfig = {
  /** Quarantine below this expected trust (VIGIL_TRUST_QUARANTINE_BELOW, default 0.4). */
  quarantineBelow: number;
  /** Score commit period in ms (VIGIL_TRUST_COMMIT_INTERVAL_MS, default 30000). */
  commitIntervalMs: number;
  /** Devices per commitScores transaction (VIGIL_TRUST_COMMIT_MAX_DEVICES, default 400: stays far below the block gas limit). */
  commitMaxDevices: number;
};

const number = (
  flags: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  flag: string,
  name: string,
  fallback: number,
  ok: (n: number) => boolean,
): number => {
  const raw = flags[flag] ?? env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!ok(n)) throw new ConfigError(`${name} is out of range: "${String(raw)}"`);
  return n;
};

/** Resolves the trust settings. */
export function loadTrustConfig(
  flags: Record<string, unknown> = {},
  env: NodeJS.ProcessEnv = process.env,
): TrustConfig {
  return {
    quarantineBelow: number(
      flags,
      env,
      'quarantineBelow',
      'VIGIL_TRUST_QUARANTINE_BELOW',
      0.4,
      (n) => n > 0 && n < 1,
    ),
    commitIntervalMs: number(
      flags,
      env,
      'commitInterval',
      'VIGIL_TRUST_COMMIT_INTERVAL_MS',
      30_000,
      (n) => Number.isInteger(n) && n >= 100,
    ),
    commitMaxDevices: number(
      flags,
      env,
      'commitMaxDevices',
      'VIGIL_TRUST_COMMIT_MAX_DEVICES',
      400,
      (n) => Number.isInteger(n) && n >= 1 && n <= 2000,
    ),
  };
}
