export { type BenchStoreParameters, type BenchStoreReturnType, benchStore } from './benchStore.ts';
export type { Driver, Executor, SqlValue } from './db/Driver.ts';
export {
  BatchConflictError,
  DecryptFailedError,
  DuplicateReadingError,
  InvalidRowError,
  MasterKeyError,
  PatientErasedError,
  StoreError,
} from './errors.ts';
export { type OpenStoreParameters, openStore } from './openStore.ts';
export type * from './types.ts';
