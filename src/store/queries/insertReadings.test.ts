import { describe, expect, it } from 'vitest';
import { uuidV7 } from './insertReadings.ts';

describe('uuidV7', () => {
  it('is a version 7 RFC 9562 UUID that sorts by time', () => {
    const a = uuidV7(1_700_000_000_000);
    const b = uuidV7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(a.slice(0, 13).replace('-', '')).toBe((1_700_000_000_000).toString(16).padStart(12, '0'));
    expect(uuidV7(5)).not.toBe(uuidV7(5));
  });
});
