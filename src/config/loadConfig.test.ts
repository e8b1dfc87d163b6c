import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.ts';
import { defaultVerifyWorkers, loadConfig } from './loadConfig.ts';

const key = `0x${'ab'.repeat(32)}`;

describe('loadConfig', () => {
  it('uses defaults: embedded chain, ./.vigil, SQLite', () => {
    const config = loadConfig({}, {});
    expect(config).toMatchObject({
      dataDir: resolve('.vigil'),
      chain: { mode: 'embedded', chainId: 31337 },
      databaseUrl: undefined,
      httpPort: 8080,
    });
  });

  it('prefers flags over environment over defaults', () => {
    const env = { VIGIL_DATA_DIR: '/tmp/from-env', VIGIL_HTTP_PORT: '9000', VIGIL_GATEWAY_ID: 'gw-env' };
    expect(loadConfig({}, env)).toMatchObject({
      dataDir: '/tmp/from-env',
      httpPort: 9000,
      gatewayId: 'gw-env',
    });
    expect(loadConfig({ dataDir: '/tmp/from-flag', httpPort: '9100' }, env)).toMatchObject({
      dataDir: '/tmp/from-flag',
      httpPort: 9100,
      gatewayId: 'gw-env',
    });
  });

  it('switches to rpc mode when an RPC URL is given, and then needs a signer key', () => {
    expect(() => loadConfig({}, { VIGIL_CHAIN_RPC_URL: 'http://127.0.0.1:8545' })).toThrow(ConfigError);
    const config = loadConfig(
      {},
      { VIGIL_CHAIN_RPC_URL: 'http://127.0.0.1:8545', VIGIL_CHAIN_PRIVATE_KEY: key },
    );
    expect(config.chain).toMatchObject({ mode: 'rpc', rpcUrl: 'http://127.0.0.1:8545', privateKey: key });
  });

  it('rejects invalid values with a clear error', () => {
    expect(() => loadConfig({ chain: 'ganache' }, {})).toThrow(/embedded.*rpc/);
    expect(() => loadConfig({ httpPort: 'eighty' }, {})).toThrow(/port/);
    expect(() => loadConfig({}, { VIGIL_CHAIN_PRIVATE_KEY: '0x1234' })).toThrow(/64 hex/);
    expect(() => loadConfig({ gatewayId: 'has spaces' }, {})).toThrow(/gateway id/);
  });

  it("names this gateway's hospital and public URL, derived from the HTTP listener unless set", () => {
    expect(loadConfig({}, {})).toMatchObject({
      organisation: 'hospital-1',
      publicUrl: 'http://127.0.0.1:8080',
    });
    expect(
      loadConfig({}, { VIGIL_ORG_ID: 'st-mary', VIGIL_HTTP_HOST: '0.0.0.0', VIGIL_HTTP_PORT: '9443' }),
    ).toMatchObject({ organisation: 'st-mary', publicUrl: 'http://0.0.0.0:9443' });
    expect(loadConfig({}, { VIGIL_PUBLIC_URL: 'https://vigil.st-mary.example' }).publicUrl).toBe(
      'https://vigil.st-mary.example',
    );
    expect(() => loadConfig({}, { VIGIL_ORG_ID: 'St Mary' })).toThrow(/organisation id/);
    expect(() => loadConfig({}, { VIGIL_PUBLIC_URL: 'https://u:p@x.example' })).toThrow(/public URL/);
  });

  it('leaves the event loop a core: verify workers default to cores - 1, at least 1, and can be set', () => {
    expect(defaultVerifyWorkers(1)).toBe(1);
    expect(defaultVerifyWorkers(2)).toBe(1);
    expect(defaultVerifyWorkers(8)).toBe(7);
    expect(loadConfig({}, {}).verifyWorkers).toBe(defaultVerifyWorkers());
    expect(loadConfig({}, { VIGIL_VERIFY_WORKERS: '3' }).verifyWorkers).toBe(3);
    expect(loadConfig({ verifyWorkers: '2' }, { VIGIL_VERIFY_WORKERS: '3' }).verifyWorkers).toBe(2);
    expect(() => loadConfig({ verifyWorkers: '0' }, {})).toThrow(ConfigError);
    expect(() => loadConfig({}, { VIGIL_VERIFY_WORKERS: 'many' })).toThrow(/verify workers/);
  });

  it('reads the sign-in lock-out and rate limits, with defaults', () => {
    expect(loadConfig({}, {}).auth).toEqual({
      lockAfter: 5,
      lockMinutes: 15,
      rateWindowSeconds: 60,
      ratePerAddress: 30,
      ratePerAccount: 10,
      auditPerAddress: 60,
    });
    const env = {
      VIGIL_AUTH_LOCK_AFTER: '3',
      VIGIL_AUTH_LOCK_MINUTES: '60',
      VIGIL_AUTH_RATE_WINDOW_S: '300',
      VIGIL_AUTH_RATE_PER_ADDRESS: '100',
      VIGIL_AUTH_RATE_PER_ACCOUNT: '4',
      VIGIL_AUTH_AUDIT_PER_ADDRESS: '10',
    };
    expect(loadConfig({}, env).auth).toEqual({
      lockAfter: 3,
      lockMinutes: 60,
      rateWindowSeconds: 300,
      ratePerAddress: 100,
      ratePerAccount: 4,
      auditPerAddress: 10,
    });
    expect(() => loadConfig({}, { VIGIL_AUTH_RATE_PER_ADDRESS: '0' })).toThrow(/VIGIL_AUTH_RATE_PER_ADDRESS/);
    expect(() => loadConfig({}, { VIGIL_AUTH_LOCK_AFTER: 'five' })).toThrow(ConfigError);
  });

  it('reads TLS files, the MQTT listeners and the connect-token window, refusing half a TLS setup', () => {
    expect(loadConfig({}, {})).toMatchObject({
      mqttHost: '127.0.0.1',
      mqttPort: 1884,
      mqttsPort: 8883,
      tls: { certFile: undefined, keyFile: undefined, caFile: undefined },
      mqttTokenWindowSeconds: 300,
    });
    const env = {
      VIGIL_TLS_CERT_FILE: '/etc/vigil/cert.pem',
      VIGIL_TLS_KEY_FILE: '/etc/vigil/key.pem',
      VIGIL_TLS_CA_FILE: '/etc/vigil/ca.pem',
      VIGIL_MQTT_PORT: 'off',
      VIGIL_MQTTS_PORT: '8884',
      VIGIL_MQTT_HOST: '0.0.0.0',
      VIGIL_MQTT_TOKEN_WINDOW_S: '60',
    };
    expect(loadConfig({}, env)).toMatchObject({
      mqttHost: '0.0.0.0',
      mqttPort: null,
      mqttsPort: 8884,
      tls: { certFile: '/etc/vigil/cert.pem', keyFile: '/etc/vigil/key.pem', caFile: '/etc/vigil/ca.pem' },
      mqttTokenWindowSeconds: 60,
    });
    expect(loadConfig({ tlsCert: '/x/c.pem', tlsKey: '/x/k.pem' }, env).tls.certFile).toBe('/x/c.pem');
    expect(() => loadConfig({}, { VIGIL_TLS_CERT_FILE: '/etc/vigil/cert.pem' })).toThrow(
      /both a certificate/,
    );
    expect(() => loadConfig({}, { VIGIL_MQTT_PORT: 'off' })).toThrow(/no MQTT listener/);
  });
});

describe('stale thresholds per vital', () => {
  it('defaults to 2 min for monitored vitals, 30 min for blood pressure and 4 h for temperature', () => {
    expect(loadConfig({}, {}).staleAfterMs).toEqual({
      heartRate: 120_000,
      pulseRate: 120_000,
      respiratoryRate: 120_000,
      spo2: 120_000,
      systolic: 1_800_000,
      diastolic: 1_800_000,
      temperature: 14_400_000,
    });
  });

  it('takes vital=seconds overrides from the flag before the environment', () => {
    const env = { VIGIL_STALE_AFTER: 'spo2=30, temperature=3600' };
    expect(loadConfig({}, env).staleAfterMs).toMatchObject({
      spo2: 30_000,
      temperature: 3_600_000,
      heartRate: 120_000,
    });
    expect(loadConfig({ staleAfter: 'spo2=45' }, env).staleAfterMs).toMatchObject({
      spo2: 45_000,
      temperature: 14_400_000,
    });
  });

  it('refuses an unknown vital or a duration that is not 1 s to 7 days, naming the vitals', () => {
    expect(() => loadConfig({}, { VIGIL_STALE_AFTER: 'glucose=60' })).toThrow(/heartRate, pulseRate/);
    expect(() => loadConfig({}, { VIGIL_STALE_AFTER: 'spo2=0' })).toThrow(ConfigError);
    expect(() => loadConfig({}, { VIGIL_STALE_AFTER: 'spo2' })).toThrow(ConfigError);
  });
});
