import type { Observation } from '@medplum/fhirtypes';
import { generateDeviceKeyPair, type SignedReading, signReading } from '../../identity/index.ts';

/** Signed heart-rate readings with synthetic values (no patient data) for integrity tests. */
export function makeSignedReadings(n: number, deviceId = 'dev-01'): SignedReading[] {
  const { privateKey } = generateDeviceKeyPair();
  const out: SignedReading[] = [];
  for (let i = 0; i < n; i++) {
    const observation: Observation = {
      resourceType: 'Observation',
      status: 'final',
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
          ],
        },
      ],
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: 'Patient/p-7' },
      device: { reference: `Device/${deviceId}` },
      effectiveDateTime: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      valueQuantity: {
        value: 60 + (i % 30),
        unit: '/min',
        system: 'http://unitsofmeasure.org',
        code: '/min',
      },
    };
    out.push(signReading(privateKey, { v: 1, deviceId, seq: i + 1, observation }));
  }
  return out;
}
