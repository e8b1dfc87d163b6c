/** Area under the ROC curve (ties count one half), via the rank-sum statistic. */
export function auroc(labels: readonly number[], scores: readonly number[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  let pos = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!] === 1) {
        rankSumPos += rank;
        pos++;
      }
    }
    i = j + 1;
  }
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Area under the precision-recall curve as average precision (step-wise, tied scores grouped). */
export function auprc(labels: readonly number[], scores: readonly number[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const pos = labels.reduce((a, b) => a + b, 0);
  if (pos === 0) return Number.NaN;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let prevRecall = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!] === 1) tp++;
      else fp++;
    }
    const recall = tp / pos;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
    i = j + 1;
  }
  return ap;
}

/** Brier score: mean squared error of probabilities against 0/1 labels. */
export function brier(labels: readonly number[], probabilities: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) s += (probabilities[i]! - labels[i]!) ** 2;
  return s / labels.length;
}
