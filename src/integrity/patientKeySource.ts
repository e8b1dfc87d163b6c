import { createPatientKeyRing } from '../store/crypto/patientKeys.ts';
import type { Driver } from '../store/db/Driver.ts';

/** Unwraps the data keys of `patients` (erased or unknown patients are simply absent from the map). */
export type PatientKeySource = (patients: readonly string[]) => Promise<Map<string, Buffer>>;

const registry = new WeakMap<object, PatientKeySource>();

/**
 * A key source over the store's own key ring (same table, same unwrapping code). The master key is
 * copied into the ring's derived wrap key only; unwrapped keys stay in memory.
 */
export function createPatientKeySource({
  sql,
  masterKey,
}: {
  sql: Driver;
  masterKey: Buffer;
}): PatientKeySource {
  const ring = createPatientKeyRing(sql, masterKey);
  return async (patients) => {
    await ring.load(patients, { create: false });
    const out = new Map<string, Buffer>();
    for (const p of patients) {
      const k = ring.peek(p);
      if (k instanceof Buffer) out.set(p, k);
    }
    return out;
  };
}

/** Attaches a key source to a store object, so that `verifyStore({ store })` can hand keys to its workers. */
export function registerPatientKeySource(store: object, source: PatientKeySource): void {
  registry.set(store, source);
}

/** The key source registered for `store`, if any. */
export function patientKeySourceOf(store: object): PatientKeySource | undefined {
  return registry.get(store);
}
