/** Scaled model inputs (see `scaleRow`) with their 0/1 labels. */
export type ScaledData = { x: readonly Float64Array[]; y: readonly number[] };

/** Settings of the penalised objective: L2 on the weights (not the intercept) and FedProx's proximal term. */
export type ObjectivePenalty = {
  /** L2 strength on the mean log-loss scale. */
  l2: number;
  /** FedProx: μ/2 · ‖θ − anchor‖² keeps local training near the round's global parameters. */
  proximal?: { mu: number; anchor: Float64Array };
};

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Linear score of one row: the parameters are the weights then the intercept. */
function score(params: Float64Array, row: Float64Array): number {
  const d = row.length;
  let eta = params[d]!;
  for (let j = 0; j < d; j++) eta += params[j]! * row[j]!;
  return eta;
}

/** Raw (uncalibrated) probabilities of the positive class. */
export function predictLogistic(params: Float64Array, x: readonly Float64Array[]): number[] {
  return x.map((row) => sigmoid(score(params, row)));
}

/** Log-loss of one linear score against a 0/1 label (numerically stable). */
const logLoss = (eta: number, y: number) =>
  (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta))) - y * eta;

/** Each row's log-loss (no penalty): the coordinator's paired comparisons of candidate steps. */
export function rowLogLosses(params: Float64Array, data: ScaledData): number[] {
  return data.x.map((row, i) => logLoss(score(params, row), data.y[i]!));
}

/** Mean log-loss without penalty. */
export function meanLogLoss(params: Float64Array, data: ScaledData): number {
  const losses = rowLogLosses(params, data);
  return losses.reduce((a, v) => a + v, 0) / Math.max(1, losses.length);
}

/** Penalised mean log-loss and its gradient. */
export function logisticObjective(
  params: Float64Array,
  data: ScaledData,
  penalty: ObjectivePenalty,
): { loss: number; gradient: Float64Array } {
  const p = params.length;
  const d = p - 1;
  const n = Math.max(1, data.x.length);
  const gradient = new Float64Array(p);
  let loss = 0;
  data.x.forEach((row, i) => {
    const eta = score(params, row);
    loss += logLoss(eta, data.y[i]!);
    const r = sigmoid(eta) - data.y[i]!;
    for (let j = 0; j < d; j++) gradient[j] = gradient[j]! + r * row[j]!;
    gradient[d] = gradient[d]! + r;
  });
  loss /= n;
  for (let j = 0; j < p; j++) gradient[j] = gradient[j]! / n;
  for (let j = 0; j < d; j++) {
    loss += 0.5 * penalty.l2 * params[j]! ** 2;
    gradient[j] = gradient[j]! + penalty.l2 * params[j]!;
  }
  const prox = penalty.proximal;
  if (prox && prox.mu > 0) {
    for (let j = 0; j < p; j++) {
      const t = params[j]! - prox.anchor[j]!;
      loss += 0.5 * prox.mu * t * t;
      gradient[j] = gradient[j]! + prox.mu * t;
    }
  }
  return { loss, gradient };
}
