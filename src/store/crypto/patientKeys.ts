import { randomBytes } from 'node:crypto';
import type { Driver } from '../db/Driver.ts';
import { listPlaceholders } from '../db/dialect.ts';
import { PatientErasedError } from '../errors.ts';
import { open, seal } from './aesGcm.ts';
import { deriveKey } from './masterKey.ts';

/** What the ring knows about a patient: their unwrapped data key, or that it was shredded. */
export type PatientKey = Buffer | 'erased';

/** Per-patient data keys, wrapped under the master key in `patient_keys`, cached unwrapped in memory. */
export type PatientKeyRing = {
  /** Loads keys of `patients` not yet cached; with `create`, makes keys for patients that have none. */
  load(patients: Iterable<string>, options: { create: boolean }): Promise<void>;
  /** The cached key (after `load`), `'erased'`, or undefined when unknown. */
  peek(patient: string): PatientKey | undefined;
  /** Encrypts a reading's canonical bytes; AAD binds reading id and patient. */
  encryptPayload(patient: string, readingId: string, bytes: Uint8Array): Promise<Buffer>;
  /** Decrypts a payload; throws `VIGIL_PATIENT_ERASED` or `VIGIL_STORE_DECRYPT_FAILED`. */
  decryptPayload(patient: string, readingId: string, sealed: Uint8Array): Promise<Buffer>;
  /** Crypto-shredding: deletes the wrapped key and records `erased_at`. */
  erase(patient: string, at?: number): Promise<{ hadKey: boolean }>;
  /** Drops one patient's cached key (it is re-read from the database on next use). */
  forget(patient: string): void;
  /** Drops the in-memory cache. */
  clearCache(): void;
};

/** AAD of a reading payload: rows cannot be swapped between readings or patients. */
export function readingAad(readingId: string, patient: string): Buffer {
  return Buffer.from(`vigil/reading/v1\u0000${readingId}\u0000${patient}`, 'utf8');
}

/** Seals with an already loaded key (hot path of insertReadings). */
export function sealReading(key: Buffer, patient: string, readingId: string, bytes: Uint8Array): Buffer {
  return seal(key, bytes, readingAad(readingId, patient));
}

/** Opens with an already loaded key (hot path of listReadings / getBatchLeaves). */
export function openReading(key: Buffer, patient: string, readingId: string, sealed: Uint8Array): Buffer {
  return open(key, sealed, readingAad(readingId, patient), `reading ${readingId}`);
}

const wrapAad = (patient: string) => Buffer.from(`vigil/patient-key/v1\u0000${patient}`, 'utf8');

/** Builds the key ring over the `patient_keys` table. */
export function createPatientKeyRing(driver: Driver, masterKey: Buffer, cacheTtlMs = 60_000): PatientKeyRing {
  const wrapKey = deriveKey(masterKey, 'patient-key-wrap/v1');
  const cache = new Map<string, PatientKey>();
  // When each key was read: after cacheTtlMs it is re-read, so an erasure made by another
  // gateway sharing the database stops reads here too (writes are re-checked in every transaction).
  const loadedAt = new Map<string, number>();

  const remember = (patient: string, wrapped: Buffer | null) => {
    cache.set(patient, wrapped === null ? 'erased' : open(wrapKey, wrapped, wrapAad(patient), 'patient key'));
    loadedAt.set(patient, Date.now());
  };
  const fresh = (patient: string, now: number) => {
    const at = loadedAt.get(patient);
    return at !== undefined && now - at < cacheTtlMs && cache.has(patient);
  };

  const fetch = async (patients: string[]) => {
    for (let i = 0; i < patients.length; i += 500) {
      const part = patients.slice(i, i + 500);
      const rows = await driver.rows(
        `SELECT patient, wrapped_key FROM patient_keys WHERE patient IN (${listPlaceholders(part.length)})`,
        part,
      );
      for (const [patient, wrapped] of rows) remember(patient as string, (wrapped as Buffer | null) ?? null);
    }
  };

  const ring: PatientKeyRing = {
    async load(patients, { create }) {
      const now = Date.now();
      const missing: string[] = [];
      for (const p of new Set(patients)) if (!fresh(p, now)) missing.push(p);
      if (missing.length === 0) return;
      await fetch(missing);
      const absent = missing.filter((p) => !fresh(p, now));
      if (absent.length === 0 || !create) return;
      // Own transaction, committed before any reading uses the key: a key is never cached unless durable.
      await driver.transaction(async (tx) => {
        for (const patient of absent) {
          const wrapped = seal(wrapKey, randomBytes(32), wrapAad(patient));
          await tx.run(
            'INSERT INTO patient_keys (patient, wrapped_key, created_at) VALUES (?, ?, ?) ON CONFLICT (patient) DO NOTHING',
            [patient, wrapped, now],
          );
        }
      });
      // Re-read: another gateway sharing the database may have won the insert.
      await fetch(absent);
    },
    peek: (patient) => cache.get(patient),
    async encryptPayload(patient, readingId, bytes) {
      await ring.load([patient], { create: true });
      const key = cache.get(patient);
      if (key === undefined || key === 'erased') throw new PatientErasedError();
      return sealReading(key, patient, readingId, bytes);
    },
    async decryptPayload(patient, readingId, sealed) {
      await ring.load([patient], { create: false });
      const key = cache.get(patient);
      if (key === undefined || key === 'erased') throw new PatientErasedError();
      return openReading(key, patient, readingId, sealed);
    },
    async erase(patient, at = Date.now()) {
      const hadKey = await driver.transaction(async (tx) => {
        const changed = await tx.run(
          'UPDATE patient_keys SET wrapped_key = NULL, erased_at = ? WHERE patient = ? AND wrapped_key IS NOT NULL',
          [at, patient],
        );
        await tx.run(
          'INSERT INTO patient_keys (patient, wrapped_key, created_at, erased_at) VALUES (?, NULL, ?, ?) ON CONFLICT (patient) DO NOTHING',
          [patient, at, at],
        );
        return changed > 0;
      });
      cache.set(patient, 'erased');
      loadedAt.set(patient, Date.now());
      // Push the old wrapped key out of the WAL / dead tuples too.
      if (driver.dialect.name === 'sqlite') await driver.run('PRAGMA wal_checkpoint(TRUNCATE)');
      else await driver.run('VACUUM patient_keys');
      return { hadKey };
    },
    forget: (patient) => {
      cache.delete(patient);
      loadedAt.delete(patient);
    },
    clearCache: () => {
      cache.clear();
      loadedAt.clear();
    },
  };
  return ring;
}
