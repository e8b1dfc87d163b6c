/** The score threshold that maximises F1 on a labelled (validation) set; 0.5 when it holds no attack. */
export function chooseThreshold(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const positives = labels.reduce<number>((a, l) => a + l, 0);
  if (positives === 0 || positives === labels.length) return 0.5;
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let tp = 0;
  let fp = 0;
  let best = { f1: -1, threshold: 0.5 };
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (labels[i] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    // Only cut between distinct scores: a threshold cannot split tied rows.
    if (next !== undefined && scores[next] === scores[i]) continue;
    const f1 = (2 * tp) / (2 * tp + fp + (positives - tp));
    if (f1 > best.f1) {
      // Midway to the next lower score keeps the cut away from the validation points themselves.
      const threshold = next === undefined ? scores[i]! : (scores[i]! + scores[next]!) / 2;
      best = { f1, threshold };
    }
  }
  return best.threshold;
}
