import { describe, expect, it } from 'vitest';
import { parseMessage } from './parseMessage.ts';
import { makeTestSigner } from './testFixtures.ts';
import { validateReading } from './validateReading.ts';

const signer = makeTestSigner();
const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('parseMessage', () => {
  it('returns one reading for a bare signed reading', () => {
    const reading = signer.sign('heartRate', 70);
    const result = parseMessage(enc(reading));
    expect(result).toEqual({ ok: true, readings: [reading] });
  });

  it('returns every reading of a batch, each then validated on its own', () => {
    const good = signer.sign('spo2', 96);
    const result = parseMessage(enc({ readings: [good, { ...good, seq: -1 }] }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.readings).toHaveLength(2);
    expect(validateReading(result.readings[0], 0).ok).toBe(true);
    expect(validateReading(result.readings[1], 1)).toMatchObject({
      code: 'VIGIL_READING_MALFORMED',
      details: { path: '/seq', index: 1 },
    });
  });

  it('rejects oversized messages before parsing them', () => {
    const result = parseMessage(new Uint8Array(256 * 1024 + 1));
    expect(result).toMatchObject({ ok: false, code: 'VIGIL_MESSAGE_TOO_LARGE', details: { limit: 262144 } });
    expect(parseMessage(enc({ readings: [1, 2, 3] }), { maxReadings: 2 })).toMatchObject({
      code: 'VIGIL_MESSAGE_TOO_LARGE',
    });
  });

  it('rejects non-JSON, invalid UTF-8 and non-object messages', () => {
    expect(parseMessage(enc('{"a":'))).toMatchObject({ code: 'VIGIL_MESSAGE_MALFORMED' });
    expect(parseMessage(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).toMatchObject({
      code: 'VIGIL_MESSAGE_MALFORMED',
    });
    for (const v of ['[]', '1', 'null', '"x"'])
      expect(parseMessage(enc(v))).toMatchObject({ code: 'VIGIL_MESSAGE_MALFORMED' });
  });

  it('rejects malformed batches with the path', () => {
    expect(parseMessage(enc({ readings: [] }))).toMatchObject({
      code: 'VIGIL_MESSAGE_MALFORMED',
      details: { path: '/readings' },
    });
    expect(parseMessage(enc({ readings: {} }))).toMatchObject({ details: { path: '/readings' } });
    expect(parseMessage(enc({ readings: [1], extra: 1 }))).toMatchObject({
      code: 'VIGIL_MESSAGE_MALFORMED',
      details: { path: '/extra' },
    });
  });
});
