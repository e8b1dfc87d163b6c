import { createHash } from 'node:crypto';
import { applyCalibration, type FeatureSet, type fitPlatt } from '../../clinical/index.ts';
import { canonicalize, type Hex } from '../../identity/index.ts';
import { type FeatureScaling, scaleRow } from './featureScaling.ts';
import { predictLogistic } from './logisticObjective.ts';

/** Platt scaling as the clinical domain fits it. */
export type PlattCalibration = ReturnType<typeof fitPlatt>;

export const FEDERATED_MODEL_FORMAT = 'vigil-federated-deterioration-model';

/**
 * A global model of a federation round: everything needed to predict, and nothing about any patient
 * (scaling statistics come from the coordinator's reference patients). Its digest is what the chain
 * records for the round.
 */
export type FederatedModel = {
  format: typeof FEDERATED_MODEL_FORMAT;
  version: 1;
  family: 'logistic';
  task: 'in-hospital death from the first hours of an ICU stay';
  hours: number;
  featureSet: FeatureSet;
  featureNames: string[];
  /** The federation and round that produced it (round 0: the initial model), bound into its digest. */
  federation: { id: string; round: number };
  scaling: FeatureScaling;
  /** Weights on the scaled inputs, then the intercept. */
  params: number[];
  /** Platt scaling fitted on the coordinator's reference patients. */
  calibration: PlattCalibration;
};

/** SHA-256 (0x-hex) of the model's RFC 8785 canonical JSON: the digest recorded on chain. */
export function federatedModelDigest(model: FederatedModel): Hex {
  return `0x${createHash('sha256').update(canonicalize(model), 'utf8').digest('hex')}`;
}

/** Calibrated probabilities of in-hospital death for raw feature rows (−999 = missing). */
export function predictFederated(model: FederatedModel, rows: readonly (readonly number[])[]): number[] {
  const params = Float64Array.from(model.params);
  return predictLogistic(
    params,
    rows.map((r) => scaleRow(model.scaling, r)),
  ).map((p) => applyCalibration(model.calibration, p));
}
