import { describe, expect, it } from 'vitest';
import { checkClockSkew } from './checkClockSkew.ts';

const now = Date.parse('2026-01-01T12:00:00Z');
const limits = { maxFutureMs: 60_000, maxPastMs: 3_600_000 };

describe('checkClockSkew', () => {
  it('accepts times within the limits, edges included', () => {
    expect(checkClockSkew('2026-01-01T12:01:00Z', now, limits)).toEqual({ ok: true, skewMs: 60_000 });
    expect(checkClockSkew('2026-01-01T11:00:00Z', now, limits)).toEqual({ ok: true, skewMs: -3_600_000 });
    expect(checkClockSkew(new Date(now), new Date(now), limits)).toEqual({ ok: true, skewMs: 0 });
    expect(checkClockSkew('2026-01-01T13:00:30+01:00', now, limits)).toEqual({ ok: true, skewMs: 30_000 });
  });

  it('rejects readings from the future or too far in the past', () => {
    expect(checkClockSkew(now + 60_001, now, limits)).toMatchObject({
      ok: false,
      code: 'VIGIL_READING_CLOCK_SKEW',
      details: { skewMs: 60_001, limitMs: 60_000 },
    });
    expect(checkClockSkew(now - 3_600_001, now, limits)).toMatchObject({
      code: 'VIGIL_READING_CLOCK_SKEW',
      details: { skewMs: -3_600_001 },
    });
    expect(checkClockSkew('not a time', now, limits)).toMatchObject({ code: 'VIGIL_READING_CLOCK_SKEW' });
  });

  it('uses 2 min ahead / 24 h behind by default', () => {
    expect(checkClockSkew(now + 119_000, now).ok).toBe(true);
    expect(checkClockSkew(now + 121_000, now).ok).toBe(false);
    expect(checkClockSkew(now - 23 * 3_600_000, now).ok).toBe(true);
    expect(checkClockSkew(now - 25 * 3_600_000, now).ok).toBe(false);
  });
});
