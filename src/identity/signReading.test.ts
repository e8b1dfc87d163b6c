import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalize } from './canonicalize.ts';
import { generateDeviceKeyPair } from './keys.ts';
import type { SignedReading, UnsignedReading } from './reading.ts';
import { readingLeafBytes, readingLeafHash } from './readingLeaf.ts';
import { readingSignedBytes, signReading } from './signReading.ts';
import { decodeSignature, verifyReadingSignature } from './verifyReadingSignature.ts';

function heartRate(deviceId: string, seq: number, value: number): UnsignedReading {
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
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: 'Patient/p-1' },
      device: { reference: `Device/${deviceId}` },
      effectiveDateTime: '2026-01-01T00:00:00.000Z',
      valueQuantity: { value, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
    },
  };
}

const keys = generateDeviceKeyPair();
const good = signReading(keys.privateKey, heartRate('dev-1', 7, 72));

function flipBit(s: string, at: number): string {
  const c = s.charCodeAt(at);
  return s.slice(0, at) + String.fromCharCode(c ^ 1) + s.slice(at + 1);
}

describe('signReading / verifyReadingSignature', () => {
  it('round-trips: a signed reading verifies with its public key only', () => {
    expect(good.sig).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(decodeSignature(good.sig)?.length).toBe(64);
    expect(verifyReadingSignature(keys.publicKey, good)).toBe(true);
    expect(verifyReadingSignature(generateDeviceKeyPair().publicKey, good)).toBe(false);
  });

  it('signs the canonical JSON of everything but sig, whatever the member order', () => {
    const bytes = readingSignedBytes(good);
    expect(bytes.toString()).toBe(
      canonicalize({ v: 1, deviceId: 'dev-1', seq: 7, observation: good.observation }),
    );
    const reordered = JSON.parse(
      JSON.stringify({ sig: good.sig, observation: good.observation, seq: 7, deviceId: 'dev-1', v: 1 }),
    ) as SignedReading;
    expect(verifyReadingSignature(keys.publicKey, reordered)).toBe(true);
  });

  it('fails when the value, seq, deviceId or observation changes', () => {
    const tampered: SignedReading[] = [
      { ...good, seq: 8 },
      { ...good, deviceId: 'dev-2' },
      {
        ...good,
        observation: { ...good.observation, valueQuantity: { ...good.observation.valueQuantity, value: 73 } },
      },
      {
        ...good,
        observation: {
          ...good.observation,
          valueQuantity: { ...good.observation.valueQuantity, value: 72.0000001 },
        },
      },
      { ...good, observation: { ...good.observation, subject: { reference: 'Patient/p-2' } } },
    ];
    for (const reading of tampered) expect(verifyReadingSignature(keys.publicKey, reading)).toBe(false);
  });

  it('fails for any flipped bit in the signature and for malformed signatures', () => {
    const raw = decodeSignature(good.sig)!;
    for (const byte of [0, 31, 32, 63]) {
      for (const bit of [0, 7]) {
        const bad = Buffer.from(raw);
        bad[byte] = bad[byte]! ^ (1 << bit);
        expect(verifyReadingSignature(keys.publicKey, { ...good, sig: bad.toString('base64url') })).toBe(
          false,
        );
      }
    }
    for (const sig of [
      '',
      flipBit(good.sig, 10)
        .replace(/[^A-Za-z0-9_-]/g, 'A')
        .slice(0, 85),
      `${good.sig}==`,
      `${good.sig.slice(0, 85)}B`,
    ]) {
      expect(verifyReadingSignature(keys.publicKey, { ...good, sig })).toBe(false);
    }
    expect(verifyReadingSignature(keys.publicKey, { ...good, sig: 42 as unknown as string })).toBe(false);
  });

  it('returns false (not throws) when the reading cannot be canonicalised', () => {
    expect(verifyReadingSignature(keys.publicKey, { ...good, seq: Number.NaN })).toBe(false);
  });
});

describe('readingLeafBytes / readingLeafHash', () => {
  it('covers the whole signed reading including sig', () => {
    const bytes = readingLeafBytes(good);
    expect(JSON.parse(bytes.toString())).toEqual(good);
    expect(bytes.toString()).toBe(canonicalize(good));
    expect(readingLeafHash(good)).toEqual(
      createHash('sha256')
        .update(Buffer.concat([Buffer.from([0]), bytes]))
        .digest(),
    );
    expect(readingLeafHash({ ...good, sig: signReading(keys.privateKey, good).sig })).not.toEqual(
      readingLeafHash(good),
    );
  });

  it('gives the same bytes from the signed bytes fast path', () => {
    const signed = readingSignedBytes(good);
    expect(readingLeafBytes(good, signed).toString()).toBe(readingLeafBytes(good).toString());
    expect(readingLeafHash(good, signed)).toEqual(readingLeafHash(good));
    const big = signReading(keys.privateKey, heartRate('d'.repeat(31), 2 ** 40, 1e-7));
    expect(readingLeafBytes(big, readingSignedBytes(big)).toString()).toBe(canonicalize(big));
  });
});
