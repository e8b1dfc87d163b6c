import type { PlattCalibration } from './calibration.ts';
import type { FeatureSet } from './featureSpec.ts';
import type { LrPart } from './lrPart.ts';
import type { BoosterParams } from './trainDeteriorationModel.ts';

export const MODEL_FORMAT = 'vigil-deterioration-model';

export const PHYSIONET_CITATION =
  'Silva I, Moody G, Scott DJ, Celi LA, Mark RG. Predicting In-Hospital Mortality of ICU Patients: ' +
  'The PhysioNet/Computing in Cardiology Challenge 2012. Comput Cardiol 2012;39:245-248. ' +
  'Goldberger AL et al. PhysioBank, PhysioToolkit, and PhysioNet. Circulation 2000;101(23):e215-e220.';

/** A serialised ml-xgboost booster. */
export type BoosterBlob = { library: 'ml-xgboost'; options: Record<string, unknown>; modelBase64: string };

/** The JSON model file: trees, feature spec, calibration and provenance; no patient rows. */
export type DeteriorationModelFile = {
  format: typeof MODEL_FORMAT;
  version: 1;
  task: 'in-hospital death from the first hours of an ICU stay';
  hours: number;
  featureSet: FeatureSet;
  featureNames: string[];
  missingValue: number;
  booster: BoosterBlob;
  params: BoosterParams;
  calibration: PlattCalibration;
  /**
   * Optional logistic-regression part: when present, the predicted probability is
   * `gbWeight × calibrated boosting + (1 − gbWeight) × LR`, the LR being linear (`method: 'l2-logistic'`)
   * or binned additive (`method: 'binned-l2-logistic'`). Files without it are boosting only.
   */
  lr?: LrPart;
  gbWeight?: number;
  /**
   * Optional third part: boosting (same parameters) trained on an auxiliary label (`label`, e.g. death in
   * hospital or within 30 days), Platt-calibrated against in-hospital death. When present, the predicted
   * probability is the equal average of calibrated boosting, LR (if any) and this part.
   */
  aux?: { label: string; booster: BoosterBlob; calibration: PlattCalibration };
  metadata: {
    trainedAt: string;
    trainPatients: number;
    trainDeaths: number;
    cv: { params: BoosterParams; auroc: number }[];
    lrCv?: { lambda: number; auroc: number }[];
    ensembleCvAuroc?: number;
    /** Inner-CV AUROC (against in-hospital death) of the auxiliary-label boosting. */
    auxCvAuroc?: number;
    /**
     * Training-only augmentation: the booster and LR were also trained on these later windows (hours after
     * admission, re-based) of the training stays; tuning CV scored first-window rows only.
     */
    augmentOffsetsHours?: number[];
    augmentedRows?: number;
    data: string;
  };
  citation: string;
  licence: string;
};
