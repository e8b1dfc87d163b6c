import { describe, expect, it } from 'vitest';
import { readingLeafBytes } from '../identity/index.ts';
import { benchMerkle, syntheticCanonicalReadings } from './benchMerkle.ts';
import { makeSignedReadings } from './testing/fixtures.ts';

describe('benchMerkle', () => {
  it('reports every figure with the machine it ran on, printing one line per figure', () => {
    const lines: string[] = [];
    const r = benchMerkle({ leaves: 200, rounds: 1, log: (l) => lines.push(l) });
    expect(r.leaves).toBe(200);
    expect(r.machine.cores).toBeGreaterThan(0);
    expect(r.figures.length).toBeGreaterThanOrEqual(10);
    for (const f of r.figures) {
      expect(f.perSecond, f.name).toBeGreaterThan(0);
      expect(f.perCpuSecond, f.name).toBeGreaterThan(0);
    }
    expect(lines).toHaveLength(2 + r.figures.length);
  });

  it('benchmarks readings the same size as real signed readings', () => {
    const synthetic = Buffer.byteLength(syntheticCanonicalReadings(1)[0]!);
    const real = readingLeafBytes(makeSignedReadings(1)[0]!).length;
    expect(Math.abs(synthetic - real)).toBeLessThan(real / 4);
  });
});
