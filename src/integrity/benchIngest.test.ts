import { describe, expect, it } from 'vitest';
import { benchIngest } from './benchIngest.ts';

// A short run of the real benchmark: the figures must come from readings the gateway really stored,
// batched and anchored, with none refused (clean devices, in-order sequence numbers, each device on
// one connection).
describe('benchIngest', () => {
  const runs = [
    { transport: 'pipeline', readingsPerMessage: 1 },
    { transport: 'mqtt', readingsPerMessage: 1 },
    // Batches of a device's consecutive readings: unsent messages give back all their sequence numbers.
    { transport: 'http', readingsPerMessage: 5 },
  ] as const;
  for (const { transport, readingsPerMessage } of runs) {
    it(`${transport}, ${readingsPerMessage} per message: every figure comes from stored and anchored readings`, async () => {
      // Enough devices that none exceeds the gateway's per-device rate limit (50/s, burst 200).
      const r = await benchIngest({
        transport,
        readingsPerMessage,
        seconds: 1,
        devices: 200,
        batchIntervalMs: 200,
      });
      expect(r.transport).toBe(transport);
      expect(r.readingsPerMessage).toBe(readingsPerMessage);
      expect(r.readingsRefused).toBe(0);
      expect(r.readingsPerSecond).toBeGreaterThan(0);
      // Measured over the sustained phase (which checked every stored reading's signature).
      expect(r.cpuMicrosPerReading).toBeGreaterThan(0);
      expect(r.ratioToRawVerify).toBeCloseTo(r.readingsPerSecond / r.rawVerifyPerSecond, 2);
      expect(r.speedupVsPerReadingTx).toBeCloseTo(r.readingsPerSecond / r.perReadingTxPerSecond, 0);
      expect(r.batchesAnchored).toBeGreaterThan(0);
      expect(r.p50Ms).toBeGreaterThan(0);
      expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
      // Every latency-phase reading was seen anchored, after it was published.
      expect(r.p50AnchoredMs).toBeGreaterThan(0);
      expect(r.p99AnchoredMs).toBeGreaterThanOrEqual(r.p50AnchoredMs);
      expect(r.latencyMessagesUnanchored).toBe(0);
      if (transport !== 'pipeline') expect(r.transportCeilingPerSecond).toBeGreaterThan(0);
      else expect(r.transportCeilingPerSecond).toBeNull();
    }, 120_000);
  }
});
