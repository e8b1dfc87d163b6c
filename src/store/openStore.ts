import type { StoreContext } from './context.ts';
import { deriveKey, loadMasterKey } from './crypto/masterKey.ts';
import { createPatientKeyRing } from './crypto/patientKeys.ts';
import type { Driver } from './db/Driver.ts';
import { openPostgres } from './db/openPostgres.ts';
import { openSqlite } from './db/openSqlite.ts';
import { listAlertRows, saveAlerts } from './queries/alerts.ts';
import {
  createBatch,
  getBatch,
  getUnbatchedReadings,
  listBatches,
  markBatchAnchored,
} from './queries/batches.ts';
import { listClinicalEntries, saveClinicalEntry } from './queries/clinicalEntries.ts';
import { getDevice, getLastSeqs, listDevices, setQuarantined, upsertDevices } from './queries/devices.ts';
import { getBatchLeaves } from './queries/getBatchLeaves.ts';
import { getStats } from './queries/getStats.ts';
import { insertReadings } from './queries/insertReadings.ts';
import { countReadings, getReading, listReadings } from './queries/listReadings.ts';
import { getMeta, setMeta } from './queries/meta.ts';
import { insertRejections, listRejections } from './queries/rejections.ts';
import { migrate } from './schema/migrate.ts';
import type { Store } from './types.ts';

export type OpenStoreParameters = {
  /** Holds `vigil.db` (SQLite) and `keys/master.key` (when no masterKey is given). */
  dataDir: string;
  /** PostgreSQL URL; SQLite at `<dataDir>/vigil.db` when absent. */
  databaseUrl?: string | undefined;
  /** 64 hex digits; else `<dataDir>/keys/master.key`, created (mode 0600) on first use. */
  masterKey?: string | undefined;
  /** Names this gateway's batches; default `gateway-1` (as in loadConfig). */
  gatewayId?: string;
  /** PostgreSQL only: schema to create and use (tests use a fresh one per run). */
  pgSchema?: string;
  /** PostgreSQL only: pool size (default 8). */
  poolSize?: number;
  /** How long an unwrapped patient key is trusted before re-reading its row (default 60 s). */
  keyCacheTtlMs?: number;
};

/** Opens the store (SQLite or PostgreSQL), applies pending migrations and loads the master key. */
export async function openStore(options: OpenStoreParameters): Promise<Store> {
  const masterKey = loadMasterKey(options);
  const driver: Driver = options.databaseUrl
    ? await openPostgres({
        databaseUrl: options.databaseUrl,
        ...(options.pgSchema === undefined ? {} : { schema: options.pgSchema }),
        ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
      })
    : openSqlite({ dataDir: options.dataDir });
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
  const ctx: StoreContext = {
    driver,
    keys: createPatientKeyRing(driver, masterKey, options.keyCacheTtlMs),
    forensicKey: deriveKey(masterKey, 'forensic/v1'),
    gatewayId: options.gatewayId ?? 'gateway-1',
  };
  masterKey.fill(0);
  return {
    backend: driver.dialect.name,
    gatewayId: ctx.gatewayId,
    sql: driver,
    insertReadings: (rows) => insertReadings(ctx, rows),
    listReadings: (params) => listReadings(ctx, params),
    getReading: (id) => getReading(ctx, id),
    countReadings: (params) => countReadings(ctx, params),
    insertRejections: (rows) => insertRejections(ctx, rows),
    listRejections: (params) => listRejections(ctx, params),
    upsertDevices: (devices) => upsertDevices(ctx, devices),
    getDevice: (deviceId) => getDevice(ctx, deviceId),
    listDevices: (params) => listDevices(ctx, params),
    getLastSeqs: () => getLastSeqs(ctx),
    setQuarantined: (deviceId, flag, opts) => setQuarantined(ctx, deviceId, flag, opts),
    getUnbatchedReadings: (params) => getUnbatchedReadings(ctx, params),
    createBatch: (batch, positions) => createBatch(ctx, batch, positions),
    listBatches: (params) => listBatches(ctx, params),
    getBatch: (seq, gatewayId) => getBatch(ctx, seq, gatewayId),
    markBatchAnchored: (seq, anchor, gatewayId) => markBatchAnchored(ctx, seq, anchor, gatewayId),
    getBatchLeaves: (seq, opts) => getBatchLeaves(ctx, seq, opts),
    encryptPayload: (patient, id, bytes) => ctx.keys.encryptPayload(patient, id, bytes),
    decryptPayload: (patient, id, sealed) => ctx.keys.decryptPayload(patient, id, sealed),
    erasePatient: (patient) => ctx.keys.erase(patient),
    setMeta: (key, value) => setMeta(ctx, key, value),
    getMeta: (key) => getMeta(ctx, key),
    saveAlerts: (rows) => saveAlerts(ctx, rows),
    listAlertRows: (params) => listAlertRows(ctx, params),
    saveClinicalEntry: (row) => saveClinicalEntry(ctx, row),
    listClinicalEntries: (params) => listClinicalEntries(ctx, params),
    getStats: () => getStats(ctx),
    close: () => driver.close(),
  };
}
