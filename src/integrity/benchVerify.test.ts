import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';
import { benchVerify } from './benchVerify.ts';

// A small run of the real audit benchmark: a store filled, batched and anchored on the embedded chain,
// then verified in every mode (each run throws unless the store verifies).
describe('benchVerify', () => {
  it('verifies every reading it stored, in full and fast mode, and measures the crypto ceiling', async () => {
    const r = await benchVerify({ readings: 3000, batchSize: 500, patients: 20 });
    expect(r.readings).toBe(3000);
    expect(r.batches).toBe(6);
    expect(r.workers).toBe(cpus().length);
    for (const figure of [
      r.readingsPerSecond,
      r.fastReadingsPerSecond,
      r.mainThreadReadingsPerSecond,
      r.cryptoCeilingPerSecond,
    ]) {
      expect(figure).toBeGreaterThan(0);
      expect(Number.isFinite(figure)).toBe(true);
    }
  }, 120_000);
});
