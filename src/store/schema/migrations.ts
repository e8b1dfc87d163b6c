import type { Dialect } from '../db/dialect.ts';

/** One schema change; `statements` are generated for the dialect from one definition. */
export type Migration = { version: number; name: string; statements: (d: Dialect) => string[] };

/** Every migration, in order. Never edit an applied one: append a new version. */
export const migrations: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    statements: (d) => [
      `CREATE TABLE readings (
        pos ${d.autoPk},
        id TEXT NOT NULL UNIQUE,
        device_id TEXT NOT NULL,
        seq ${d.bigint} NOT NULL,
        patient TEXT NOT NULL,
        code TEXT NOT NULL,
        effective_at ${d.bigint} NOT NULL,
        received_at ${d.bigint} NOT NULL,
        transport TEXT NOT NULL CHECK (transport IN ('mqtt', 'http')),
        leaf_hash ${d.blob} NOT NULL,
        payload ${d.blob} NOT NULL,
        quarantined SMALLINT NOT NULL DEFAULT 0,
        batch_seq ${d.bigint},
        batch_index INTEGER,
        UNIQUE (device_id, seq)
      )`,
      'CREATE INDEX readings_patient_time ON readings (patient, effective_at)',
      // Device queries use UNIQUE (device_id, seq). Each extra index costs ~20% of insert speed.
      'CREATE INDEX readings_unbatched ON readings (pos) WHERE batch_seq IS NULL',
      // Partial: rows enter it when batched, not on the hot insert path.
      'CREATE INDEX readings_batch ON readings (batch_seq, batch_index) WHERE batch_seq IS NOT NULL',
      `CREATE TABLE devices (
        device_id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        patient TEXT,
        public_key ${d.blob} NOT NULL,
        key_version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
        updated_block ${d.bigint} NOT NULL,
        last_seq ${d.bigint},
        quarantined SMALLINT NOT NULL DEFAULT 0
      )`,
      `CREATE TABLE rejections (
        id ${d.autoPk},
        received_at ${d.bigint} NOT NULL,
        transport TEXT NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        device_id TEXT,
        seq ${d.bigint},
        payload_sha256 ${d.blob} NOT NULL,
        payload_size INTEGER NOT NULL,
        payload ${d.blob} NOT NULL
      )`,
      'CREATE INDEX rejections_time ON rejections (received_at)',
      'CREATE INDEX rejections_device_time ON rejections (device_id, received_at)',
      `CREATE TABLE batches (
        gateway_id TEXT NOT NULL,
        seq ${d.bigint} NOT NULL,
        root ${d.blob} NOT NULL,
        prev_root ${d.blob} NOT NULL,
        count INTEGER NOT NULL,
        first_pos ${d.bigint} NOT NULL,
        last_pos ${d.bigint} NOT NULL,
        created_at ${d.bigint} NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'anchored')),
        anchor_tx TEXT,
        anchor_block ${d.bigint},
        anchored_at ${d.bigint},
        PRIMARY KEY (gateway_id, seq)
      )`,
      'CREATE INDEX batches_status ON batches (gateway_id, status, seq)',
      `CREATE TABLE patient_keys (
        patient TEXT PRIMARY KEY,
        wrapped_key ${d.blob},
        created_at ${d.bigint} NOT NULL,
        erased_at ${d.bigint}
      )`,
      'CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
    ],
  },
  {
    version: 2,
    name: 'readings name the gateway of their batch (several gateways may share one PostgreSQL)',
    statements: () => [
      'ALTER TABLE readings ADD COLUMN batch_gateway TEXT',
      'DROP INDEX readings_batch',
      'CREATE INDEX readings_batch ON readings (batch_gateway, batch_seq, batch_index) WHERE batch_seq IS NOT NULL',
    ],
  },
  {
    version: 3,
    name: 'backfill batch_gateway of readings batched before version 2',
    statements: () => [
      `UPDATE readings SET batch_gateway = (SELECT MIN(b.gateway_id) FROM batches b WHERE b.seq = readings.batch_seq)
       WHERE batch_seq IS NOT NULL AND batch_gateway IS NULL`,
    ],
  },
  {
    version: 4,
    name: 'access: users, bearer tokens, break-glass grants, audit trail and its batches',
    statements: (d) => [
      `CREATE TABLE access_users (
        username TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('admin', 'clinician', 'patient', 'auditor')),
        password_hash TEXT NOT NULL,
        patient TEXT,
        grantee TEXT,
        organisation TEXT,
        created_at ${d.bigint} NOT NULL,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until ${d.bigint}
      )`,
      `CREATE TABLE access_tokens (
        token_hash ${d.blob} PRIMARY KEY,
        username TEXT NOT NULL,
        created_at ${d.bigint} NOT NULL,
        expires_at ${d.bigint} NOT NULL
      )`,
      `CREATE TABLE access_break_glass (
        id ${d.autoPk},
        username TEXT NOT NULL,
        grantee TEXT NOT NULL,
        patient TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at ${d.bigint} NOT NULL,
        expires_at ${d.bigint} NOT NULL
      )`,
      'CREATE INDEX access_break_glass_patient ON access_break_glass (patient, grantee, expires_at)',
      `CREATE TABLE audit_events (
        id ${d.autoPk},
        at ${d.bigint} NOT NULL,
        actor TEXT NOT NULL,
        role TEXT NOT NULL,
        patient TEXT,
        resource TEXT NOT NULL,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied')),
        reason TEXT NOT NULL,
        break_glass SMALLINT NOT NULL DEFAULT 0,
        leaf_hash ${d.blob} NOT NULL,
        batch_gateway TEXT,
        batch_seq ${d.bigint},
        batch_index INTEGER
      )`,
      'CREATE INDEX audit_events_patient ON audit_events (patient, id)',
      'CREATE INDEX audit_events_unbatched ON audit_events (id) WHERE batch_seq IS NULL',
      `CREATE TABLE audit_batches (
        gateway_id TEXT NOT NULL,
        seq ${d.bigint} NOT NULL,
        root ${d.blob} NOT NULL,
        prev_root ${d.blob} NOT NULL,
        count INTEGER NOT NULL,
        first_id ${d.bigint} NOT NULL,
        last_id ${d.bigint} NOT NULL,
        created_at ${d.bigint} NOT NULL,
        anchor_tx TEXT,
        anchor_block ${d.bigint},
        PRIMARY KEY (gateway_id, seq)
      )`,
    ],
  },
  {
    version: 5,
    name: 'clinical alerts (Flag resources): searchable columns, values sealed with the patient key',
    statements: (d) => [
      `CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        patient TEXT NOT NULL,
        family TEXT NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'acknowledged', 'resolved')),
        priority TEXT NOT NULL CHECK (priority IN ('low', 'medium', 'high')),
        created_at ${d.bigint} NOT NULL,
        updated_at ${d.bigint} NOT NULL,
        body ${d.blob} NOT NULL
      )`,
      'CREATE INDEX alerts_status ON alerts (status, created_at)',
      'CREATE INDEX alerts_patient ON alerts (patient, created_at)',
    ],
  },
  {
    version: 6,
    name: 'clinical entries (ACVPU, supplemental oxygen, SpO2 scale): who and when in clear, the value sealed',
    statements: (d) => [
      `CREATE TABLE clinical_entries (
        id TEXT PRIMARY KEY,
        patient TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('consciousness', 'oxygen', 'spo2-scale')),
        entered_by TEXT NOT NULL,
        entered_at ${d.bigint} NOT NULL,
        body ${d.blob} NOT NULL
      )`,
      'CREATE INDEX clinical_entries_patient ON clinical_entries (patient, kind, entered_at)',
    ],
  },
  {
    version: 7,
    name: 'directory: display names of users and organisations (patients choose grantees by name)',
    statements: () => [
      'ALTER TABLE access_users ADD COLUMN display_name TEXT',
      'CREATE TABLE access_organisations (org_id TEXT PRIMARY KEY, display_name TEXT NOT NULL)',
    ],
  },
];
