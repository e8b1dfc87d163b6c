import { generateDeviceKeyPair, type SignedReading, signReading } from '../../identity/index.ts';
import { buildObservation } from '../../ingest/buildObservation.ts';

/** Signed heart-rate readings with synthetic values (no patient data) for integrity tests. */
export function makeSignedReadings(n: number, deviceId = 'dev-01'): SignedReading[] {
  const { privateKey } = generateDeviceKeyPair();
  const out: SignedReading[] = [];
  for (let i = 0; i < n; i++) {
    const observation = buildObservation({
      kind: 'heartRate',
      value: 60 + (i % 30),
      deviceId,
      patient: 'p-7',
      effectiveAt: Date.UTC(2026, 0, 1, 0, 0, i),
    });
    out.push(signReading(privateKey, { v: 1, deviceId, seq: i + 1, observation }));
  }
  return out;
}
