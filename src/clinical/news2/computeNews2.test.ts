import { describe, expect, it } from 'vitest';
import {
  computeNews2,
  news2Band,
  scorePulse,
  scoreRespirationRate,
  scoreSpo2Scale1,
  scoreSpo2Scale2,
  scoreSystolic,
  scoreTemperature,
} from './computeNews2.ts';

// Each row: [value, expected score]; both sides of every boundary of the RCP 2017 chart.
const cases: Record<string, { fn: (x: number) => number; rows: [number, number][] }> = {
  respirationRate: {
    fn: scoreRespirationRate,
    rows: [
      [0, 3],
      [8, 3],
      [9, 1],
      [11, 1],
      [12, 0],
      [20, 0],
      [21, 2],
      [24, 2],
      [25, 3],
      [60, 3],
    ],
  },
  spo2Scale1: {
    fn: scoreSpo2Scale1,
    rows: [
      [70, 3],
      [91, 3],
      [92, 2],
      [93, 2],
      [94, 1],
      [95, 1],
      [96, 0],
      [100, 0],
    ],
  },
  systolic: {
    fn: scoreSystolic,
    rows: [
      [50, 3],
      [90, 3],
      [91, 2],
      [100, 2],
      [101, 1],
      [110, 1],
      [111, 0],
      [219, 0],
      [220, 3],
      [260, 3],
    ],
  },
  pulse: {
    fn: scorePulse,
    rows: [
      [20, 3],
      [40, 3],
      [41, 1],
      [50, 1],
      [51, 0],
      [90, 0],
      [91, 1],
      [110, 1],
      [111, 2],
      [130, 2],
      [131, 3],
      [200, 3],
    ],
  },
  temperature: {
    fn: scoreTemperature,
    rows: [
      [33, 3],
      [35.0, 3],
      [35.1, 1],
      [36.0, 1],
      [36.1, 0],
      [38.0, 0],
      [38.1, 1],
      [39.0, 1],
      [39.1, 2],
      [41, 2],
    ],
  },
};

describe('NEWS2 parameter charts (RCP 2017)', () => {
  for (const [name, { fn, rows }] of Object.entries(cases)) {
    it.each(rows)(`${name} %s scores %s`, (value, expected) => {
      expect(fn(value)).toBe(expected);
    });
  }

  it.each([
    [83, false, 3],
    [84, false, 2],
    [85, false, 2],
    [86, false, 1],
    [87, false, 1],
    [88, false, 0],
    [92, false, 0],
    [93, false, 0],
    [97, false, 0],
    [100, false, 0],
    [83, true, 3],
    [84, true, 2],
    [87, true, 1],
    [88, true, 0],
    [92, true, 0],
    [93, true, 1],
    [94, true, 1],
    [95, true, 2],
    [96, true, 2],
    [97, true, 3],
    [100, true, 3],
  ] as [number, boolean, number][])(
    'SpO2 scale 2: %s%% (oxygen %s) scores %s',
    (spo2, onOxygen, expected) => {
      expect(scoreSpo2Scale2(spo2, onOxygen)).toBe(expected);
    },
  );
});

const normal = {
  respirationRate: 16,
  spo2: 97,
  onOxygen: false,
  systolic: 120,
  pulse: 70,
  consciousness: 'A' as const,
  temperature: 37,
};

describe('computeNews2', () => {
  it('scores a normal complete set 0, low band, nothing missing', () => {
    const r = computeNews2(normal);
    expect(r).toMatchObject({ total: 0, band: 'low', missing: [], complete: true });
    expect(Object.keys(r.scores)).toHaveLength(7);
  });

  it('scores supplemental oxygen 2 and air 0', () => {
    expect(computeNews2({ ...normal, onOxygen: true }).scores.airOrOxygen).toBe(2);
    expect(computeNews2(normal).scores.airOrOxygen).toBe(0);
  });

  it.each(['C', 'V', 'P', 'U'] as const)('scores consciousness %s as 3 (a single 3: low-medium)', (c) => {
    const r = computeNews2({ ...normal, consciousness: c });
    expect(r.scores.consciousness).toBe(3);
    expect(r.total).toBe(3);
    expect(r.band).toBe('low-medium');
  });

  it('uses scale 2 only when asked: 97% on oxygen scores 3 on scale 2, 0 on scale 1', () => {
    expect(computeNews2({ ...normal, onOxygen: true, spo2Scale: 2 }).scores.spo2).toBe(3);
    expect(computeNews2({ ...normal, onOxygen: true }).scores.spo2).toBe(0);
  });

  it('reports missing parameters instead of scoring them 0', () => {
    const r = computeNews2({ pulse: 135, temperature: 37 });
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual(['respirationRate', 'spo2', 'airOrOxygen', 'systolic', 'consciousness']);
    expect(r.scores).toEqual({ pulse: 3, temperature: 0 });
    expect(r.total).toBe(3);
  });

  it('treats scale-2 SpO2 above 92% as missing when oxygen status is unknown', () => {
    const r = computeNews2({ spo2: 95, spo2Scale: 2 });
    expect(r.missing).toContain('spo2');
    expect(computeNews2({ spo2: 85, spo2Scale: 2 }).scores.spo2).toBe(2);
  });

  it.each([
    [{ pulse: 95, temperature: 38.5, respirationRate: 21 }, 4, 'low'],
    [{ pulse: 95, temperature: 38.5, respirationRate: 22, systolic: 105 }, 5, 'medium'],
    [{ pulse: 115, temperature: 38.5, respirationRate: 22, systolic: 105 }, 6, 'medium'],
    [{ pulse: 115, temperature: 39.5, respirationRate: 22, systolic: 105 }, 7, 'high'],
    [{ respirationRate: 26 }, 3, 'low-medium'],
    [{ respirationRate: 26, pulse: 95 }, 4, 'low-medium'],
    [{ respirationRate: 26, pulse: 115 }, 5, 'medium'],
    [{ respirationRate: 26, systolic: 85, pulse: 115 }, 8, 'high'],
  ] as const)('band edge %#: total %s is %s', (overrides, total, band) => {
    const r = computeNews2({ ...normal, ...overrides });
    expect(r.total).toBe(total);
    expect(r.band).toBe(band);
  });

  it.each([
    [4, 2, 'low'],
    [4, 3, 'low-medium'],
    [3, 3, 'low-medium'],
    [5, 3, 'medium'],
    [6, 2, 'medium'],
    [7, 2, 'high'],
    [0, 0, 'low'],
  ] as const)('news2Band(total %s, max single %s) = %s', (total, single, band) => {
    expect(news2Band(total, single)).toBe(band);
  });
});
