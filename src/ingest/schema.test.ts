import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { SignedReading } from '../identity/index.ts';
import { type SignedReadingWire, TransportMessageSchema } from './schema.ts';
import { makeTestSigner, wire } from './testFixtures.ts';

const transport = TypeCompiler.Compile(TransportMessageSchema);
const signer = makeTestSigner();

describe('TransportMessageSchema', () => {
  it('accepts one reading or a batch of 1..500 and nothing else', () => {
    const r = wire(signer.sign('bodyTemperature', 37.2));
    expect(transport.Check(r)).toBe(true);
    expect(transport.Check({ readings: [r, r] })).toBe(true);
    expect(transport.Check({ readings: [] })).toBe(false);
    expect(transport.Check({ readings: Array(501).fill(r) })).toBe(false);
    expect(transport.Check({ readings: [r], other: 1 })).toBe(false);
    expect(transport.Check({ ...r, seq: 0 })).toBe(false);
  });

  it('describes the same shape as the identity SignedReading type', () => {
    expectTypeOf<SignedReadingWire>().toExtend<SignedReading>();
  });
});
