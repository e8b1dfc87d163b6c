import { describe, expect, it } from 'vitest';
import { benchIngest } from './benchIngest.ts';

// A short run of the real benchmark: the figures must come from readings the gateway really stored,
// batched and anchored, with none refused (clean devices, in-order sequence numbers, each device on
// one connection).
describe('benchIngest', () => {
  for (const transport of ['pipeline', 'mqtt'] as const) {
    it(`${transport}: every figure comes from stored and anchored readings`, async () => {
      // Enough devices that none exceeds the gateway's per-device rate limit (50/s, burst 200) over MQTT.
      const r = await benchIngest({ transport, seconds: 1, devices: 200, batchIntervalMs: 200 });
      expect(r.transport).toBe(transport);
      expect(r.readingsRefused).toBe(0);
      expect(r.readingsPerSecond).toBeGreaterThan(0);
      expect(r.ratioToRawVerify).toBeCloseTo(r.readingsPerSecond / r.rawVerifyPerSecond, 2);
      expect(r.speedupVsPerReadingTx).toBeCloseTo(r.readingsPerSecond / r.perReadingTxPerSecond, 0);
      expect(r.batchesAnchored).toBeGreaterThan(0);
      expect(r.p50Ms).toBeGreaterThan(0);
      expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
      // Every latency-phase reading was seen anchored, after it was published.
      expect(r.p50AnchoredMs).toBeGreaterThan(0);
      expect(r.p99AnchoredMs).toBeGreaterThanOrEqual(r.p50AnchoredMs);
      if (transport === 'mqtt') expect(r.transportCeilingPerSecond).toBeGreaterThan(0);
      else expect(r.transportCeilingPerSecond).toBeNull();
    }, 120_000);
  }
});
