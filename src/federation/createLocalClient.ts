import { type FeatureScaling, scaleRow } from './model/featureScaling.ts';
import type { ScaledData } from './model/logisticObjective.ts';
import { trainLocalLogistic } from './model/trainLocalLogistic.ts';
import type { FederationClient, RoundTask } from './roundTypes.ts';
import type { ModelUpdate } from './types.ts';

export type CreateLocalClientParameters = {
  /** Organisation id of the hospital. */
  hospitalId: string;
  /** Raw feature rows of the hospital's own training patients (they never leave it). */
  x: readonly (readonly number[])[];
  y: readonly number[];
  /** Labels used for training (default `y`); an evaluation's label-flipping attacker passes others. */
  trainingLabels?: readonly number[];
};

/**
 * A hospital that trains in this process: scales its own rows with the federation's scaling and runs
 * the round's local training from the global parameters. A gateway will wrap the same training behind
 * the signed gateway channel (issue #18); the coordinator sees only the returned update.
 */
export function createLocalClient(p: CreateLocalClientParameters): FederationClient & {
  /** The update this hospital would honestly send for a task (attack simulations start from it). */
  honestUpdate(task: RoundTask): ModelUpdate;
} {
  let cached: { scaling: FeatureScaling; data: ScaledData } | undefined;
  const labels = p.trainingLabels ?? p.y;
  const dataFor = (scaling: FeatureScaling): ScaledData => {
    if (cached?.scaling !== scaling) {
      cached = { scaling, data: { x: p.x.map((r) => scaleRow(scaling, r)), y: labels } };
    }
    return cached.data;
  };
  const honestUpdate = (task: RoundTask): ModelUpdate => {
    const global = Float64Array.from(task.model.params);
    const local = trainLocalLogistic(global, dataFor(task.model.scaling), task.training);
    return {
      hospitalId: p.hospitalId,
      round: task.round,
      delta: local.map((v, j) => v - global[j]!),
      samples: p.x.length,
    };
  };
  return {
    hospitalId: p.hospitalId,
    honestUpdate,
    async train(task) {
      return honestUpdate(task);
    },
  };
}
