/** Deterministic uniform [0, 1] generator (linear congruential) for synthetic test rows, not patient data. */
export function lcgRandom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}
