import type { PatientKeyRing } from './crypto/patientKeys.ts';
import type { Driver } from './db/Driver.ts';

/** What every query receives: the connection, the key ring and this gateway's identity. */
export type StoreContext = {
  driver: Driver;
  keys: PatientKeyRing;
  /** Key for the forensic copies of rejected payloads (derived from the master key). */
  forensicKey: Buffer;
  gatewayId: string;
};
