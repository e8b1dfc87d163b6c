import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError } from '../errors/index.ts';

/** Everything the gateway and the CLI can be configured with. */
export type VigilConfig = {
  /** Where the embedded chain, database, keys and deployment live. */
  dataDir: string;
  /** Stable id of this gateway (names its anchored batches). */
  gatewayId: string;
  /** This gateway's hospital (organisation id): admitted, with this gateway, when it deploys the contracts itself. */
  organisation: string;
  /** Base URL at which other hospitals' gateways reach this gateway's API (registered on chain). */
  publicUrl: string;
  chain: {
    /** `embedded`: in-process EVM persisted in the data dir; `rpc`: any Ethereum JSON-RPC node. */
    mode: 'embedded' | 'rpc';
    rpcUrl: string | undefined;
    /** Hex signer key for `rpc` mode; the embedded chain keeps its own in the data dir. */
    privateKey: `0x${string}` | undefined;
    chainId: number;
  };
  /** PostgreSQL URL; SQLite in the data dir when absent. */
  databaseUrl: string | undefined;
  /** External MQTT broker; the embedded broker is used when absent. */
  mqttUrl: string | undefined;
  /** Address the embedded broker listens on (plain and TLS). */
  mqttHost: string;
  /** Plain MQTT port of the embedded broker; null when off (`VIGIL_MQTT_PORT=off`: TLS only). */
  mqttPort: number | null;
  /** MQTT over TLS port of the embedded broker (only with a TLS certificate and key). */
  mqttsPort: number;
  httpHost: string;
  httpPort: number;
  /**
   * TLS: with a certificate and key, HTTP is served as HTTPS and the embedded broker adds an MQTT over
   * TLS listener. `caFile`: the CA the gateway trusts for an external `mqtts://` broker (and the one
   * the simulator and the demo verify the gateway with; the certificate itself when self-signed).
   */
  tls: { certFile: string | undefined; keyFile: string | undefined; caFile: string | undefined };
  /** Sign-in lock-out and rate limits, and how many refused authentications are audited one by one. */
  auth: {
    lockAfter: number;
    lockMinutes: number;
    rateWindowSeconds: number;
    ratePerAddress: number;
    ratePerAccount: number;
    auditPerAddress: number;
  };
  /** MQTT connect tokens older or newer than this many seconds are refused by the embedded broker. */
  mqttTokenWindowSeconds: number;
  /** Hex master key wrapping per-patient data keys; a key file in the data dir when absent. */
  masterKey: string | undefined;
  /** Signature-verification worker threads (default: one per core but one, see `defaultVerifyWorkers`). */
  verifyWorkers: number;
  /** Per vital: after how long without a reading the screen shows its value as stale (ms). */
  staleAfterMs: Record<StaleVital, number>;
};

/** The vitals the screen shows with an age (the live monitor's vitals). */
export type StaleVital =
  | 'heartRate'
  | 'pulseRate'
  | 'respiratoryRate'
  | 'spo2'
  | 'temperature'
  | 'systolic'
  | 'diastolic';

/**
 * Default expected intervals: a bedside monitor or oximeter reports at least every minute (stale after
 * 2 min), non-invasive blood pressure cycles every 15 min or less (30 min), temperature is charted at
 * least every 4 h.
 */
export const STALE_AFTER_DEFAULTS_S: Record<StaleVital, number> = {
  heartRate: 120,
  pulseRate: 120,
  respiratoryRate: 120,
  spo2: 120,
  systolic: 1800,
  diastolic: 1800,
  temperature: 14_400,
};

/** Parses `vital=seconds,…` over the defaults (`VIGIL_STALE_AFTER`, `--stale-after`). */
export function parseStaleAfter(value: string | undefined): Record<StaleVital, number> {
  const out = Object.fromEntries(
    Object.entries(STALE_AFTER_DEFAULTS_S).map(([k, s]) => [k, s * 1000]),
  ) as Record<StaleVital, number>;
  if (value === undefined) return out;
  for (const part of value.split(',')) {
    const [vital, seconds] = part.split('=').map((x) => x.trim());
    const n = Number(seconds);
    if (!vital || !(vital in STALE_AFTER_DEFAULTS_S) || !Number.isFinite(n) || n < 1 || n > 7 * 86_400) {
      throw new ConfigError(
        `stale-after must be vital=seconds pairs (1 s to 7 days) for ${Object.keys(STALE_AFTER_DEFAULTS_S).join(', ')}; got "${part}"`,
      );
    }
    out[vital as StaleVital] = n * 1000;
  }
  return out;
}

/**
 * One verification worker per core except one, at least one: the event loop (parsing, storage,
 * batching, anchoring) keeps a core of its own instead of contending with the workers for theirs.
 */
export function defaultVerifyWorkers(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/** Flags as parsed by the CLI (camelCase names); undefined means "not given". */
export type ConfigFlags = Partial<Record<string, unknown>>;

type Source = { flags: ConfigFlags; env: NodeJS.ProcessEnv };

function pick(source: Source, flag: string, env: string): string | undefined {
  const fromFlag = source.flags[flag];
  if (fromFlag !== undefined && fromFlag !== null && fromFlag !== '') return String(fromFlag);
  const fromEnv = source.env[env];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new ConfigError(`${name} must be a port number, got "${value}"`);
  return n;
}

function integer(
  value: string | undefined,
  fallback: number,
  name: string,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

function workerCount(value: string | undefined): number {
  if (value === undefined) return defaultVerifyWorkers();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new ConfigError(`verify workers must be an integer from 1 to 256, got "${value}"`);
  }
  return n;
}

/**
 * Resolves the configuration: command-line flags first, then `VIGIL_…` environment
 * variables, then defaults.
 */
export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): VigilConfig {
  const source = { flags, env };
  const rpcUrl = pick(source, 'rpcUrl', 'VIGIL_CHAIN_RPC_URL');
  const mode = pick(source, 'chain', 'VIGIL_CHAIN_MODE') ?? (rpcUrl ? 'rpc' : 'embedded');
  if (mode !== 'embedded' && mode !== 'rpc') {
    throw new ConfigError(`chain mode must be "embedded" or "rpc", got "${mode}"`);
  }
  if (mode === 'rpc' && !rpcUrl)
    throw new ConfigError('chain mode "rpc" needs VIGIL_CHAIN_RPC_URL or --rpc-url');
  const privateKey = pick(source, 'privateKey', 'VIGIL_CHAIN_PRIVATE_KEY');
  if (privateKey !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(privateKey)) {
    throw new ConfigError('the chain private key must be 0x followed by 64 hex digits');
  }
  if (mode === 'rpc' && !privateKey) {
    throw new ConfigError('chain mode "rpc" needs a signer key in VIGIL_CHAIN_PRIVATE_KEY');
  }
  const chainId = Number(pick(source, 'chainId', 'VIGIL_CHAIN_ID') ?? 31337);
  if (!Number.isInteger(chainId) || chainId <= 0)
    throw new ConfigError('chain id must be a positive integer');
  const gatewayId = pick(source, 'gatewayId', 'VIGIL_GATEWAY_ID') ?? 'gateway-1';
  if (!/^[A-Za-z0-9._-]{1,31}$/.test(gatewayId)) {
    throw new ConfigError('gateway id must be 1-31 characters of letters, digits, ".", "_" or "-"');
  }
  const organisation = pick(source, 'orgId', 'VIGIL_ORG_ID') ?? 'hospital-1';
  if (!/^[A-Za-z0-9._-]{1,31}$/.test(organisation)) {
    throw new ConfigError('organisation id must be 1-31 characters of letters, digits, ".", "_" or "-"');
  }
  const mqttPortSetting = pick(source, 'mqttPort', 'VIGIL_MQTT_PORT');
  const tls = {
    certFile: pick(source, 'tlsCert', 'VIGIL_TLS_CERT_FILE'),
    keyFile: pick(source, 'tlsKey', 'VIGIL_TLS_KEY_FILE'),
    caFile: pick(source, 'tlsCa', 'VIGIL_TLS_CA_FILE'),
  };
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
    throw new ConfigError(
      'TLS needs both a certificate (VIGIL_TLS_CERT_FILE) and its key (VIGIL_TLS_KEY_FILE)',
    );
  }
  const mqttPort = mqttPortSetting === 'off' ? null : port(mqttPortSetting, 1884, 'MQTT port');
  if (mqttPort === null && tls.certFile === undefined) {
    throw new ConfigError('VIGIL_MQTT_PORT=off leaves no MQTT listener: set a TLS certificate and key too');
  }
  const httpHost = pick(source, 'httpHost', 'VIGIL_HTTP_HOST') ?? '127.0.0.1';
  const httpPort = port(pick(source, 'httpPort', 'VIGIL_HTTP_PORT'), 8080, 'HTTP port');
  const publicUrl =
    pick(source, 'publicUrl', 'VIGIL_PUBLIC_URL') ??
    `${tls.certFile ? 'https' : 'http'}://${httpHost.includes(':') ? `[${httpHost}]` : httpHost}:${httpPort}`;
  if (!/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/.test(publicUrl)) {
    throw new ConfigError('the public URL must be an http(s) URL without credentials, query or fragment');
  }
  const setting = (flag: string, env: string, fallback: number, min: number, max: number) =>
    integer(pick(source, flag, env), fallback, env, min, max);
  return {
    dataDir: resolve(pick(source, 'dataDir', 'VIGIL_DATA_DIR') ?? './.vigil'),
    gatewayId,
    organisation,
    publicUrl,
    chain: { mode, rpcUrl, privateKey: privateKey as `0x${string}` | undefined, chainId },
    databaseUrl: pick(source, 'databaseUrl', 'VIGIL_DATABASE_URL'),
    mqttUrl: pick(source, 'mqttUrl', 'VIGIL_MQTT_URL'),
    mqttHost: pick(source, 'mqttHost', 'VIGIL_MQTT_HOST') ?? '127.0.0.1',
    mqttPort,
    mqttsPort: port(pick(source, 'mqttsPort', 'VIGIL_MQTTS_PORT'), 8883, 'MQTT over TLS port'),
    httpHost,
    httpPort,
    tls,
    auth: {
      lockAfter: setting('authLockAfter', 'VIGIL_AUTH_LOCK_AFTER', 5, 1, 1000),
      lockMinutes: setting('authLockMinutes', 'VIGIL_AUTH_LOCK_MINUTES', 15, 1, 10_080),
      rateWindowSeconds: setting('authRateWindow', 'VIGIL_AUTH_RATE_WINDOW_S', 60, 1, 86_400),
      ratePerAddress: setting('authRatePerAddress', 'VIGIL_AUTH_RATE_PER_ADDRESS', 30, 1, 1_000_000),
      ratePerAccount: setting('authRatePerAccount', 'VIGIL_AUTH_RATE_PER_ACCOUNT', 10, 1, 1_000_000),
      auditPerAddress: setting('authAuditPerAddress', 'VIGIL_AUTH_AUDIT_PER_ADDRESS', 60, 1, 1_000_000),
    },
    mqttTokenWindowSeconds: setting('mqttTokenWindow', 'VIGIL_MQTT_TOKEN_WINDOW_S', 300, 10, 86_400),
    masterKey: pick(source, 'masterKey', 'VIGIL_MASTER_KEY'),
    verifyWorkers: workerCount(pick(source, 'verifyWorkers', 'VIGIL_VERIFY_WORKERS')),
    staleAfterMs: parseStaleAfter(pick(source, 'staleAfter', 'VIGIL_STALE_AFTER')),
  };
}
