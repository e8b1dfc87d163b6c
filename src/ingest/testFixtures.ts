import { generateDeviceKeyPair, type SignedReading, signReading } from '../identity/index.ts';
import { buildObservation, type VitalValue } from './buildObservation.ts';
import type { VitalKind } from './vitals.ts';

/** Test helper: one device key and a signer of readings of any vital kind. */
export function makeTestSigner(deviceId = 'dev-1', patient = 'pt-1') {
  const keys = generateDeviceKeyPair();
  let seq = 0;
  return {
    keys,
    sign(kind: VitalKind, value: VitalValue, effectiveAt: Date | number | string = 0): SignedReading {
      seq += 1;
      return signReading(keys.privateKey, {
        v: 1,
        deviceId,
        seq,
        observation: buildObservation({ kind, value, deviceId, patient, effectiveAt }),
      });
    },
  };
}

/** Deep copy through JSON, the way a reading arrives from the wire. */
export function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
