import type { FeatureSpec } from './buildRowFeatures.ts';
import type { XgboostModelJson } from './loadXgboost.ts';

/** Format name written in every attack-detector model file. */
export const ATTACK_DETECTOR_FORMAT = 'vigil-attack-detector';
export const ATTACK_DETECTOR_FORMAT_VERSION = 1;

/** Dataset citation stored in model files trained on WUSTL-EHMS-2020. */
export const WUSTL_CITATION =
  'A. A. Hady, A. Ghubaish, T. Salman, D. Unal, R. Jain, "Intrusion Detection System for Healthcare Systems ' +
  'Using Medical and Network Data: A Comparison Study", IEEE Access 8:106576-106584, 2020 (WUSTL-EHMS-2020).';

/** Gradient-boosting hyper-parameters (XGBoost names). */
export type BoosterParams = {
  iterations: number;
  max_depth: number;
  eta: number;
  subsample: number;
  colsample_bytree: number;
  min_child_weight: number;
  scale_pos_weight: number;
  seed: number;
};

export const DEFAULT_BOOSTER_PARAMS: BoosterParams = {
  iterations: 150,
  max_depth: 4,
  eta: 0.1,
  subsample: 0.8,
  colsample_bytree: 0.8,
  min_child_weight: 1,
  scale_pos_weight: 1,
  seed: 7,
};

/** A trained attack detector as stored on disk (JSON): no data rows, only the model and how to feed it. */
export type AttackDetectorModel = {
  format: typeof ATTACK_DETECTOR_FORMAT;
  formatVersion: typeof ATTACK_DETECTOR_FORMAT_VERSION;
  featureSpec: FeatureSpec;
  featureNames: string[];
  params: BoosterParams;
  /** Rows scoring at or above this are flagged; chosen on a validation block at the end of the training period. */
  threshold: number;
  booster: XgboostModelJson;
  training: {
    rows: number;
    attackRows: number;
    validationRows: number;
    trainedAt: string;
    dataSource?: string;
    citation?: string;
  };
};
