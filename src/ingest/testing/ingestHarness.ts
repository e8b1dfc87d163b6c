import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DeviceMqttCredentials,
  deviceMqttCredentials,
  exportPublicKeySec1,
  generateDeviceKeyPair,
  type SignedReading,
  signReading,
} from '../../identity/index.ts';
import type { Store, StoredRejection } from '../../store/index.ts';
import { openStore } from '../../store/index.ts';
import { buildObservation, type VitalValue } from '../buildObservation.ts';
import { createIngestPipeline, type IngestPipeline } from '../createIngestPipeline.ts';
import type { DeviceDirectory, DirectoryDevice } from '../deviceDirectory.ts';
import { createVerifyPool, type VerifyPool } from '../verifyPool.ts';
import type { VitalKind } from '../vitals.ts';

/** A test device: its key, and a signer with its own seq counter. */
export type TestDevice = {
  deviceId: string;
  patient: string;
  orgId: string;
  privateKey: KeyObject;
  /** Signs a reading (defaults: heart rate 72 now, next seq, the device's patient). */
  sign(o?: {
    kind?: VitalKind;
    value?: VitalValue;
    at?: number;
    patient?: string;
    seq?: number;
  }): SignedReading;
  /** Fresh MQTT credentials (username = device id, password = a new connect token). */
  mqttCredentials(clientId?: string): DeviceMqttCredentials;
};

/** Options of `createIngestHarness`. */
export type IngestHarnessOptions = {
  /** PostgreSQL URL (with `pgSchema`); SQLite in a temp dir otherwise. */
  databaseUrl?: string;
  pgSchema?: string;
  rate?: { perSecond: number; burst: number };
  maxPending?: number;
};

/** An in-memory device directory the tests can flip (revoke, re-bind). */
export type TestDirectory = DeviceDirectory & {
  set(device: DirectoryDevice): void;
  revoke(deviceId: string): void;
};

/** Test wiring of the real pipeline: a fresh store, a one-worker verify pool and an in-memory directory. */
export type IngestHarness = {
  store: Store;
  pipeline: IngestPipeline;
  directory: TestDirectory;
  /** Creates a device; registered (active or revoked) unless `register: false`. */
  device(o?: { register?: boolean; status?: 'active' | 'revoked'; orgId?: string }): TestDevice;
  /** MQTT credentials of a device this harness created (registered or not). */
  credentialsOf(deviceId: string, clientId?: string): DeviceMqttCredentials;
  /** Id of the newest rejection row (0 when none). */
  lastRejectionId(): Promise<number>;
  /** Rejection rows written after `afterId`. */
  rejectionsAfter(afterId: number): Promise<StoredRejection[]>;
  close(): Promise<void>;
};

const unique = () => randomBytes(4).toString('hex');

/** Builds the harness; one per test file (the verify pool starts a worker thread). */
export async function createIngestHarness(options: IngestHarnessOptions = {}): Promise<IngestHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-ingest-test-'));
  const store = await openStore({
    dataDir,
    masterKey: randomBytes(32).toString('hex'),
    ...(options.databaseUrl
      ? { databaseUrl: options.databaseUrl, pgSchema: options.pgSchema, poolSize: 4 }
      : {}),
  });
  const verifyPool: VerifyPool = createVerifyPool({ size: 1 });
  const devices = new Map<string, DirectoryDevice>();
  const created = new Map<string, TestDevice>();
  const directory: TestDirectory = {
    get: (id) => devices.get(id),
    set: (d) => void devices.set(d.deviceId, d),
    revoke(id) {
      const d = devices.get(id);
      if (d) devices.set(id, { ...d, status: 'revoked' });
    },
  };
  const pipeline = createIngestPipeline({
    store,
    devices: directory,
    verifyPool,
    rate: options.rate ?? { perSecond: 0.001, burst: 3 },
    ...(options.maxPending === undefined ? {} : { maxPending: options.maxPending }),
  });
  return {
    store,
    pipeline,
    directory,
    device(o = {}) {
      const id = unique();
      const deviceId = `dev-${id}`;
      const patient = `pt-${id}`;
      const orgId = o.orgId ?? 'org-1';
      const { privateKey } = generateDeviceKeyPair();
      if (o.register !== false) {
        directory.set({
          deviceId,
          orgId,
          kind: 'monitor',
          patient,
          publicKey: exportPublicKeySec1(privateKey),
          status: o.status ?? 'active',
          quarantined: false,
        });
      }
      let seq = 0;
      const device: TestDevice = {
        deviceId,
        patient,
        orgId,
        privateKey,
        sign(s = {}) {
          seq = s.seq ?? seq + 1;
          const observation = buildObservation({
            kind: s.kind ?? 'heartRate',
            value: s.value ?? 72,
            deviceId,
            patient: s.patient ?? patient,
            effectiveAt: s.at ?? Date.now(),
          });
          return signReading(privateKey, { v: 1, deviceId, seq, observation });
        },
        mqttCredentials: (clientId) => deviceMqttCredentials(privateKey, deviceId, clientId),
      };
      created.set(deviceId, device);
      return device;
    },
    credentialsOf(deviceId, clientId) {
      const d = created.get(deviceId);
      if (!d) throw new Error(`the harness did not create device ${deviceId}`);
      return d.mqttCredentials(clientId);
    },
    async lastRejectionId() {
      let last = 0;
      for (;;) {
        const rows = await store.listRejections({ limit: 1000, afterId: last });
        if (rows.length === 0) return last;
        last = rows[rows.length - 1]!.id;
      }
    },
    rejectionsAfter: (afterId) => store.listRejections({ limit: 1000, afterId }),
    async close() {
      await pipeline.drain();
      await verifyPool.stop();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Encodes a message as the wire bytes a device sends. */
export function bytesOf(message: unknown): Buffer {
  return Buffer.from(JSON.stringify(message));
}
