import { logisticObjective, type ScaledData } from './logisticObjective.ts';

/** How a hospital trains each round; chosen by the coordinator and the same for every hospital. */
export type LocalTraining = {
  /** Full-batch gradient steps per round. */
  steps: number;
  learningRate: number;
  /** L2 strength on the mean log-loss scale. */
  l2: number;
  /** FedProx proximal strength μ (0 = plain FedAvg local training). */
  proximalMu: number;
};

/** Defaults chosen on an inner split of the training patients (see docs/federated.md). */
export const DEFAULT_LOCAL_TRAINING: LocalTraining = { steps: 3, learningRate: 0.2, l2: 0.1, proximalMu: 0 };

/**
 * One hospital's local training for a round: `steps` full-batch gradient steps on its own patients from
 * the global parameters (deterministic, so a round can be replayed), with FedProx's proximal term when
 * `proximalMu` > 0. Returns the local parameters.
 */
export function trainLocalLogistic(
  global: Float64Array,
  data: ScaledData,
  training: LocalTraining,
): Float64Array {
  const params = Float64Array.from(global);
  const penalty = {
    l2: training.l2,
    ...(training.proximalMu > 0 ? { proximal: { mu: training.proximalMu, anchor: global } } : {}),
  };
  for (let step = 0; step < training.steps; step++) {
    const { gradient } = logisticObjective(params, data, penalty);
    for (let j = 0; j < params.length; j++) params[j] = params[j]! - training.learningRate * gradient[j]!;
  }
  return params;
}
