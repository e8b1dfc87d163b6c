import { describe, expect, it } from 'vitest';
import { generateDeviceKeyPair } from '../identity/index.ts';
import { benchTransportCeiling } from './benchTransportCeiling.ts';

describe('benchTransportCeiling', () => {
  for (const transport of ['mqtt', 'http'] as const) {
    it(`${transport}: counts messages the gateway's listener acknowledged`, async () => {
      const rate = await benchTransportCeiling({
        transport,
        connections: 2,
        inFlight: 8,
        seconds: 0.3,
        message: {
          deviceId: 'dev-1',
          bytes: Buffer.from('{"v":1}'),
          privateKey: generateDeviceKeyPair().privateKey,
        },
      });
      expect(Number.isInteger(rate)).toBe(true);
      expect(rate).toBeGreaterThan(0);
    });
  }
});
