import { fitPlatt } from '../../clinical/index.ts';
import type { FederatedModel } from './federatedModel.ts';
import { predictLogistic, type ScaledData } from './logisticObjective.ts';

/**
 * The global model of a round: the previous model's specification and scaling, the new parameters and
 * round number, and Platt scaling refitted on the coordinator's reference patients (so every round's
 * model, and its digest on chain, is complete and calibrated).
 */
export function buildRoundModel(
  template: FederatedModel,
  params: Float64Array,
  reference: ScaledData,
  round: number,
): FederatedModel {
  const raw = predictLogistic(params, reference.x);
  return {
    ...template,
    federation: { id: template.federation.id, round },
    params: Array.from(params),
    calibration: fitPlatt(reference.y, raw),
  };
}
