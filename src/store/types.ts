import type { Observation } from '@medplum/fhirtypes';
import type { Driver } from './db/Driver.ts';
import type { AlertRow, ListAlertRowsParameters } from './queries/alerts.ts';
import type { ClinicalEntryRow, ListClinicalEntriesParameters } from './queries/clinicalEntries.ts';
import type { StoreStats } from './queries/getStats.ts';

export type {
  AlertRow,
  ClinicalEntryRow,
  ListAlertRowsParameters,
  ListClinicalEntriesParameters,
  StoreStats,
};

/** The signed reading wire format (fixed by the lead; mirrors src/identity's type structurally). */
export type SignedReading = {
  v: 1;
  deviceId: string;
  seq: number;
  observation: Observation;
  sig: string;
};

export type Transport = 'mqtt' | 'http';

/** A verified reading handed to `insertReadings`. */
export type ReadingInput = {
  reading: SignedReading;
  /** RFC 8785 canonical JSON bytes of the WHOLE signed reading (sig included): what is encrypted and hashed. */
  canonical: Uint8Array;
  receivedAt: number;
  transport: Transport;
  /** FHIR Observation id; defaults to `observation.id`, else a fresh UUID. */
  id?: string;
  /** SHA-256 of `canonical`; computed when absent. */
  leafHash?: Uint8Array;
  /** Store flagged (also forced when the device is quarantined in `devices`). */
  quarantined?: boolean;
};

/** What happened to one input row of `insertReadings`, in input order. */
export type InsertOutcome =
  | { status: 'stored'; pos: number; id: string; quarantined: boolean }
  | { status: 'duplicate'; deviceId: string; seq: number; id: string }
  | { status: 'erased'; deviceId: string; seq: number };

export type InsertReadingsReturnType = { stored: number; duplicates: number; outcomes: InsertOutcome[] };

/** A stored reading with its row metadata; `reading` is null when the patient was erased. */
export type StoredReading = {
  pos: number;
  id: string;
  deviceId: string;
  seq: number;
  patient: string;
  code: string;
  effectiveAt: number;
  receivedAt: number;
  transport: Transport;
  leafHash: Buffer;
  quarantined: boolean;
  batchGatewayId: string | null;
  batchSeq: number | null;
  batchIndex: number | null;
  erased: boolean;
  reading: SignedReading | null;
};

export type ListReadingsParameters = {
  patient?: string;
  deviceId?: string;
  code?: string;
  /** Inclusive lower bound on effective time (ms). */
  from?: number;
  /** Exclusive upper bound on effective time (ms). */
  to?: number;
  limit: number;
  /** Keyset pagination: only rows with pos > afterPos (rows come in pos order). */
  afterPos?: number;
};

export type RejectionInput = {
  receivedAt: number;
  transport: Transport;
  code: string;
  /** Why it was rejected; must hold no patient values. */
  reason: string;
  deviceId?: string | null;
  seq?: number | null;
  /** The raw bytes received; kept encrypted, cut at 256 KiB. */
  payload: Uint8Array;
};

export type StoredRejection = Omit<RejectionInput, 'payload'> & {
  id: number;
  deviceId: string | null;
  seq: number | null;
  payloadSha256: Buffer;
  payloadSize: number;
  /** Decrypted stored bytes (may be shorter than payloadSize when it was cut). */
  payload: Buffer;
};

export type DeviceStatus = 'active' | 'revoked';

export type DeviceRecord = {
  deviceId: string;
  orgId: string;
  kind: string;
  patient: string | null;
  /** Uncompressed P-256 public key, 65 bytes. */
  publicKey: Uint8Array;
  keyVersion: number;
  status: DeviceStatus;
  updatedBlock: number;
};

export type StoredDevice = DeviceRecord & { publicKey: Buffer; lastSeq: number | null; quarantined: boolean };

export type BatchStatus = 'pending' | 'anchored';

export type BatchInput = {
  /** Defaults to the store's gateway id. */
  gatewayId?: string;
  seq: number;
  root: Uint8Array;
  prevRoot: Uint8Array;
  createdAt: number;
};

export type StoredBatch = {
  gatewayId: string;
  seq: number;
  root: Buffer;
  prevRoot: Buffer;
  count: number;
  firstPos: number;
  lastPos: number;
  createdAt: number;
  status: BatchStatus;
  anchorTx: string | null;
  anchorBlock: number | null;
  anchoredAt: number | null;
};

export type UnbatchedReading = { pos: number; id: string; leafHash: Buffer };

/** Leaves of a batch in batch_index order; column arrays avoid one object per leaf. */
export type BatchLeaves = {
  seq: number;
  count: number;
  ids: string[];
  leafHashes: Buffer[];
  /** Decrypted canonical bytes; null where the patient was erased, or when payloads were not asked for. */
  canonical: (Buffer | null)[];
  erased: boolean[];
};

/** The store: async everywhere, so SQLite and PostgreSQL share one interface. */
export type Store = {
  readonly backend: 'sqlite' | 'postgres';
  readonly gatewayId: string;
  /** The SQL connection, for domains that own their own tables (src/access: users, tokens, audit). */
  readonly sql: Driver;
  insertReadings(rows: readonly ReadingInput[]): Promise<InsertReadingsReturnType>;
  listReadings(params: ListReadingsParameters): Promise<StoredReading[]>;
  getReading(id: string): Promise<StoredReading | null>;
  countReadings(params?: { quarantined?: boolean }): Promise<number>;
  insertRejections(rows: readonly RejectionInput[]): Promise<number[]>;
  listRejections(params: { limit: number; afterId?: number; deviceId?: string }): Promise<StoredRejection[]>;
  upsertDevices(devices: readonly DeviceRecord[]): Promise<void>;
  getDevice(deviceId: string): Promise<StoredDevice | null>;
  listDevices(params?: { status?: DeviceStatus; patient?: string }): Promise<StoredDevice[]>;
  getLastSeqs(): Promise<Map<string, number>>;
  setQuarantined(deviceId: string, flag: boolean, options?: { sincePos?: number }): Promise<number>;
  getUnbatchedReadings(params: { limit: number }): Promise<UnbatchedReading[]>;
  createBatch(batch: BatchInput, readingPositions: readonly number[]): Promise<StoredBatch>;
  listBatches(params?: { status?: BatchStatus; gatewayId?: string; limit?: number }): Promise<StoredBatch[]>;
  getBatch(seq: number, gatewayId?: string): Promise<StoredBatch | null>;
  markBatchAnchored(
    seq: number,
    anchor: { tx: string; block: number; anchoredAt: number },
    gatewayId?: string,
  ): Promise<StoredBatch>;
  getBatchLeaves(seq: number, options?: { payloads?: boolean; gatewayId?: string }): Promise<BatchLeaves>;
  encryptPayload(patient: string, readingId: string, bytes: Uint8Array): Promise<Buffer>;
  decryptPayload(patient: string, readingId: string, sealed: Uint8Array): Promise<Buffer>;
  erasePatient(patient: string): Promise<{ hadKey: boolean }>;
  setMeta(key: string, value: string): Promise<void>;
  getMeta(key: string): Promise<string | null>;
  /** Clinical alerts (src/clinical/alerts): upsert by id; bodies sealed with the patient key. */
  saveAlerts(rows: readonly AlertRow[]): Promise<void>;
  listAlertRows(params: ListAlertRowsParameters): Promise<AlertRow[]>;
  /** Clinician entries (ACVPU, oxygen, SpO2 scale): who and when in clear, the value sealed. */
  saveClinicalEntry(row: ClinicalEntryRow): Promise<void>;
  listClinicalEntries(params?: ListClinicalEntriesParameters): Promise<ClinicalEntryRow[]>;
  /** Table counts (no patient data) for health checks and the CLI. */
  getStats(): Promise<StoreStats>;
  close(): Promise<void>;
};
