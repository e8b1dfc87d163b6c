import { describe, expect, it } from 'vitest';
import { loadTrustConfig } from './loadTrustConfig.ts';

describe('loadTrustConfig', () => {
  it('takes flags over environment over defaults', () => {
    expect(loadTrustConfig({}, {})).toEqual({
      quarantineBelow: 0.4,
      commitIntervalMs: 30_000,
      commitMaxDevices: 400,
    });
    const env = { VIGIL_TRUST_QUARANTINE_BELOW: '0.3', VIGIL_TRUST_COMMIT_INTERVAL_MS: '5000' };
    expect(loadTrustConfig({}, env)).toMatchObject({ quarantineBelow: 0.3, commitIntervalMs: 5000 });
    expect(loadTrustConfig({ quarantineBelow: '0.5' }, env).quarantineBelow).toBe(0.5);
  });

  it('refuses values out of range', () => {
    expect(() => loadTrustConfig({}, { VIGIL_TRUST_QUARANTINE_BELOW: '1.5' })).toThrow(/QUARANTINE_BELOW/);
    expect(() => loadTrustConfig({}, { VIGIL_TRUST_COMMIT_INTERVAL_MS: 'soon' })).toThrow(/INTERVAL/);
    expect(() => loadTrustConfig({}, { VIGIL_TRUST_COMMIT_MAX_DEVICES: '0' })).toThrow(/MAX_DEVICES/);
  });
});
