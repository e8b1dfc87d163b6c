import { VigilError, type VigilErrorOptions } from '../errors/index.ts';

/** A stored reading with the same (device_id, seq) or id already exists: a replay or a duplicate. */
export class DuplicateReadingError extends VigilError {
  override name = 'DuplicateReadingError';
  constructor(deviceId: string, seq: number, options: VigilErrorOptions = {}) {
    super('VIGIL_READING_REPLAYED', `reading ${deviceId}#${seq} is already stored`, {
      ...options,
      details: { deviceId, seq, ...options.details },
    });
  }
}

/** A ciphertext, its IV, tag or associated data was altered, or the key is wrong. */
export class DecryptFailedError extends VigilError {
  override name = 'DecryptFailedError';
  constructor(what: string, options: VigilErrorOptions = {}) {
    super('VIGIL_STORE_DECRYPT_FAILED', `could not decrypt ${what}: tampered data or wrong key`, options);
  }
}

/** The master key is missing, malformed or unreadable. */
export class MasterKeyError extends VigilError {
  override name = 'MasterKeyError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_STORE_MASTER_KEY_INVALID', message, options);
  }
}

/** A batch cannot be created or changed as asked (unknown, already batched readings, duplicate seq). */
export class BatchConflictError extends VigilError {
  override name = 'BatchConflictError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_STORE_BATCH_CONFLICT', message, options);
  }
}

/** A row passed to the store is malformed (wrong sizes, missing references). */
export class InvalidRowError extends VigilError {
  override name = 'InvalidRowError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_STORE_INVALID_ROW', message, options);
  }
}

/** The database failed (connection, migration, constraint other than a replay). */
export class StoreError extends VigilError {
  override name = 'StoreError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_STORE_FAILED', message, options);
  }
}

/** The patient's data key was destroyed (crypto-shredding): their payloads can no longer be read or written. */
export class PatientErasedError extends VigilError {
  override name = 'PatientErasedError';
  constructor(options: VigilErrorOptions = {}) {
    super('VIGIL_PATIENT_ERASED', 'the patient was erased; their data can no longer be decrypted', options);
  }
}
