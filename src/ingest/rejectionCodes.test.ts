import { describe, expect, it } from 'vitest';
import { isRejectionCode, MQTT_PUBACK, REJECTION_CODES, reject } from './rejectionCodes.ts';

describe('rejection codes', () => {
  it('defines the twelve codes, each with a description, HTTP status and PUBACK error code', () => {
    const codes = Object.keys(REJECTION_CODES);
    expect(codes).toHaveLength(12);
    const pubackErrors = new Set(Object.values(MQTT_PUBACK).filter((c) => c >= 0x80));
    for (const code of codes) {
      const info = REJECTION_CODES[code as keyof typeof REJECTION_CODES];
      expect(code).toMatch(/^VIGIL_[A-Z_]+$/);
      expect(info.description.length).toBeGreaterThan(10);
      expect([400, 401, 403, 409, 413, 422, 429, 503]).toContain(info.httpStatus);
      expect(pubackErrors.has(info.mqttReasonCode)).toBe(true);
    }
    expect(REJECTION_CODES.VIGIL_SIGNATURE_INVALID.mqttReasonCode).toBe(0x87);
    expect(REJECTION_CODES.VIGIL_RATE_EXCEEDED).toMatchObject({
      httpStatus: 429,
      mqttReasonCode: 0x97,
      retryable: true,
    });
  });

  it('builds rejection values and recognises codes', () => {
    expect(reject('VIGIL_OVERLOADED', 'busy')).toEqual({
      ok: false,
      code: 'VIGIL_OVERLOADED',
      message: 'busy',
    });
    expect(isRejectionCode('VIGIL_READING_REPLAYED')).toBe(true);
    expect(isRejectionCode('toString')).toBe(false);
  });
});
