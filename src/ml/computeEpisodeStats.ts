import type { AttackCategory } from './wustlColumns.ts';

/** How a detector does on whole attack episodes (runs of consecutive attack rows) and where its false alarms fall. */
export type EpisodeStats = {
  episodes: number;
  /** Episodes with at least one flagged row. */
  detected: number;
  /** Median rows from an episode's first row to its first flagged row, over detected episodes. */
  medianDelayRows: number;
  /** False alarms within `afterRows` rows after an episode ends (the context still holds attack rows). */
  falseAlarmsAfterEpisode: number;
  /** All other false alarms. */
  falseAlarmsElsewhere: number;
};

export type ComputeEpisodeStatsParameters = {
  scores: readonly number[];
  threshold: number;
  categories: readonly AttackCategory[];
  /** Default 30, the detector's long context window. */
  afterRows?: number;
};

/** Episode-level detection and delay, and false alarms split by whether they trail an episode. */
export function computeEpisodeStats({
  scores,
  threshold,
  categories,
  afterRows = 30,
}: ComputeEpisodeStatsParameters): EpisodeStats {
  const delays: number[] = [];
  let episodes = 0;
  let trailing = 0;
  let elsewhere = 0;
  let sinceEnd = Number.POSITIVE_INFINITY;
  let start = -1;
  let firstHit = -1;
  for (let i = 0; i <= categories.length; i++) {
    const attack = i < categories.length && categories[i] !== 'normal';
    if (attack && start < 0) {
      start = i;
      firstHit = -1;
      episodes++;
    }
    if (attack && firstHit < 0 && scores[i]! >= threshold) firstHit = i;
    if (!attack && start >= 0) {
      if (firstHit >= 0) delays.push(firstHit - start);
      start = -1;
      sinceEnd = 0;
    }
    if (i < categories.length && !attack) {
      sinceEnd++;
      if (scores[i]! >= threshold) {
        if (sinceEnd <= afterRows) trailing++;
        else elsewhere++;
      }
    }
  }
  const sorted = [...delays].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0
      ? Number.NaN
      : sorted.length % 2
        ? sorted[mid]!
        : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    episodes,
    detected: delays.length,
    medianDelayRows: median,
    falseAlarmsAfterEpisode: trailing,
    falseAlarmsElsewhere: elsewhere,
  };
}
