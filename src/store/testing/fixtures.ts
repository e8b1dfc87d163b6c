import { createHash, randomBytes } from 'node:crypto';
import type { ReadingInput, SignedReading } from '../types.ts';

/** Sorted-key JSON: equal to RFC 8785 for the strings and numbers these fixtures use (the real one is in src/identity). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** A synthetic heart-rate reading (made-up values, fake signature) shaped like the wire format. */
export function makeReading(
  deviceId: string,
  seq: number,
  patient: string,
  at = Date.UTC(2026, 0, 1) + seq * 1000,
): SignedReading {
  return {
    v: 1,
    deviceId,
    seq,
    observation: {
      resourceType: 'Observation',
      status: 'final',
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
          ],
        },
      ],
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
      subject: { reference: `Patient/${patient}` },
      device: { reference: `Device/${deviceId}` },
      effectiveDateTime: new Date(at).toISOString(),
      valueQuantity: {
        value: 60 + (seq % 40),
        unit: '/min',
        system: 'http://unitsofmeasure.org',
        code: '/min',
      },
    },
    sig: randomBytes(64).toString('base64url'),
  };
}

/** Wraps a reading as an insertReadings row (canonical bytes of the whole reading, sig included). */
export function makeInput(reading: SignedReading, transport: 'mqtt' | 'http' = 'mqtt'): ReadingInput {
  const canonical = Buffer.from(canonicalJson(reading), 'utf8');
  return {
    reading,
    canonical,
    receivedAt: Date.now(),
    transport,
    leafHash: createHash('sha256').update(canonical).digest(),
  };
}
