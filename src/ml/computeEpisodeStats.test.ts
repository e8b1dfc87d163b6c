import { describe, expect, it } from 'vitest';
import { computeEpisodeStats } from './computeEpisodeStats.ts';
import type { AttackCategory } from './wustlColumns.ts';

describe('computeEpisodeStats', () => {
  it('counts detected episodes, first-detection delays and where false alarms fall', () => {
    const n: AttackCategory = 'normal';
    const s: AttackCategory = 'Spoofing';
    const a: AttackCategory = 'Data Alteration';
    const categories = [n, s, s, s, n, n, n, n, a, a, n, s, s, n];
    const scores = [0.9, 0, 0, 0.8, 0.7, 0, 0, 0.9, 0.6, 0, 0, 0, 0, 0];
    // Episode 1 (rows 1-3) first flagged at row 3: delay 2. Episode 2 (rows 8-9): delay 0. Episode 3 missed.
    // False alarms: row 0 (no episode before it), row 4 (1 row after episode 1), row 7 (4 rows after).
    const stats = computeEpisodeStats({ scores, threshold: 0.5, categories, afterRows: 2 });
    expect(stats).toEqual({
      episodes: 3,
      detected: 2,
      medianDelayRows: 1,
      falseAlarmsAfterEpisode: 1,
      falseAlarmsElsewhere: 2,
    });
  });

  it('handles an episode running to the end of the data', () => {
    const stats = computeEpisodeStats({
      scores: [0, 0, 1],
      threshold: 0.5,
      categories: ['normal', 'Spoofing', 'Spoofing'],
    });
    expect(stats.episodes).toBe(1);
    expect(stats.detected).toBe(1);
    expect(stats.medianDelayRows).toBe(1);
  });
});
