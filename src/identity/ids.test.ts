import { describe, expect, it } from 'vitest';
import { fromBytes32Id, isValidId, toBytes32Id } from './ids.ts';

describe('bytes32 ids', () => {
  it('encodes utf-8 right-padded and decodes back', () => {
    expect(toBytes32Id('ab')).toBe(`0x6162${'0'.repeat(60)}`);
    for (const id of ['a', 'device-001', 'Patient_7.x', 'x'.repeat(31)]) {
      const hex = toBytes32Id(id);
      expect(hex).toMatch(/^0x[0-9a-f]{64}$/);
      expect(fromBytes32Id(hex)).toBe(id);
    }
  });

  it('rejects ids that are empty, too long or hold other characters', () => {
    for (const bad of ['', 'x'.repeat(32), 'a b', 'é', 'a/b', 'a\u0000']) {
      expect(isValidId(bad)).toBe(false);
      expect(() => toBytes32Id(bad)).toThrow(expect.objectContaining({ code: 'VIGIL_ID_INVALID' }));
    }
  });

  it('rejects bytes32 values that do not round-trip', () => {
    expect(() => fromBytes32Id(`0x${'0'.repeat(64)}`)).toThrow(/valid id/);
    expect(() => fromBytes32Id(`0x61006200${'0'.repeat(56)}`)).toThrow(/padded/);
    expect(() => fromBytes32Id(`0x${'61'.repeat(32)}`)).toThrow(/valid id/);
    expect(() => fromBytes32Id('0x6162')).toThrow(/64 hex/);
    expect(() => fromBytes32Id(`0x20${'0'.repeat(62)}`)).toThrow(/valid id/);
  });
});
