import type { PlattCalibration } from './calibration.ts';
import type { FeatureSet } from './featureSpec.ts';
import type { LogisticModel } from './logisticRegression.ts';
import type { BoosterParams } from './trainDeteriorationModel.ts';

export const MODEL_FORMAT = 'vigil-deterioration-model';

export const PHYSIONET_CITATION =
  'Silva I, Moody G, Scott DJ, Celi LA, Mark RG. Predicting In-Hospital Mortality of ICU Patients: ' +
  'The PhysioNet/Computing in Cardiology Challenge 2012. Comput Cardiol 2012;39:245-248. ' +
  'Goldberger AL et al. PhysioBank, PhysioToolkit, and PhysioNet. Circulation 2000;101(23):e215-e220.';

/** The JSON model file: trees, feature spec, calibration and provenance; no patient rows. */
export type DeteriorationModelFile = {
  format: typeof MODEL_FORMAT;
  version: 1;
  task: 'in-hospital death from the first hours of an ICU stay';
  hours: number;
  featureSet: FeatureSet;
  featureNames: string[];
  missingValue: number;
  booster: { library: 'ml-xgboost'; options: Record<string, unknown>; modelBase64: string };
  params: BoosterParams;
  calibration: PlattCalibration;
  /**
   * Optional logistic-regression part: when present, the predicted probability is
   * `gbWeight × calibrated boosting + (1 − gbWeight) × LR`. Files without it are boosting only.
   */
  lr?: LogisticModel;
  gbWeight?: number;
  metadata: {
    trainedAt: string;
    trainPatients: number;
    trainDeaths: number;
    cv: { params: BoosterParams; auroc: number }[];
    lrCv?: { lambda: number; auroc: number }[];
    ensembleCvAuroc?: number;
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
