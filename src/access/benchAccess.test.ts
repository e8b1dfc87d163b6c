import { expect, it } from 'vitest';
import { benchAccess } from './benchAccess.ts';

it('benchAccess measures every figure on a small run', async () => {
  const r = await benchAccess({ auditEntries: 50, checks: 5, hashes: 1 });
  expect(r.auditEntries).toBe(50);
  for (const v of [
    r.scryptHashMs,
    r.consentChecksPerSecond,
    r.auditAppendsPerSecond,
    r.auditVerifyEntriesPerSecond,
  ]) {
    expect(Number.isFinite(v) && v > 0).toBe(true);
  }
}, 60_000);
