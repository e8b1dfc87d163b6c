import {
  ATTACK_DETECTOR_FORMAT,
  ATTACK_DETECTOR_FORMAT_VERSION,
  type AttackDetectorModel,
  type BoosterParams,
  DEFAULT_BOOSTER_PARAMS,
} from './attackDetectorModel.ts';
import {
  buildFeatureMatrix,
  DEFAULT_FEATURE_SPEC,
  type FeatureSpec,
  featureNames,
} from './buildRowFeatures.ts';
import { chooseThreshold } from './chooseThreshold.ts';
import { TrainingError } from './errors.ts';
import type { Booster, XgboostModule } from './loadXgboost.ts';
import type { LabelledFlowRecord } from './wustlColumns.ts';

export type TrainAttackDetectorParameters = {
  /**
   * Labelled rows in time order, as one contiguous period or as several (e.g. the periods
   * before and after a held-out block); temporal context never crosses a period boundary.
   */
  rows: readonly LabelledFlowRecord[] | readonly (readonly LabelledFlowRecord[])[];
  featureSpec?: FeatureSpec;
  params?: Partial<BoosterParams>;
  /** Share of the training period, taken from its end, used to choose the threshold (default 0.2). */
  validationFraction?: number;
  dataSource?: string;
  citation?: string;
};

export type TrainAttackDetectorReturnType = { model: AttackDetectorModel; booster: Booster };

function fitBooster(xgb: XgboostModule, x: number[][], y: number[], params: BoosterParams): Booster {
  return xgb.train(x, y, { booster: 'gbtree', objective: 'binary:logistic', silent: 1, ...params });
}

/**
 * Trains the gradient-boosting attack detector: fits on the start of the training period,
 * picks the F1-best threshold on the held-back end of it, then refits on the whole period.
 */
export function trainAttackDetector(
  xgb: XgboostModule,
  {
    rows,
    featureSpec = DEFAULT_FEATURE_SPEC,
    params,
    validationFraction = 0.2,
    dataSource,
    citation,
  }: TrainAttackDetectorParameters,
): TrainAttackDetectorReturnType {
  const p = { ...DEFAULT_BOOSTER_PARAMS, ...params };
  const periods = (Array.isArray(rows[0]) ? rows : [rows]) as readonly (readonly LabelledFlowRecord[])[];
  const flat = periods.flat();
  const y = flat.map((r) => r.label);
  const attackRows = y.reduce<number>((a, b) => a + b, 0);
  if (flat.length < 100 || attackRows === 0 || attackRows === flat.length) {
    throw new TrainingError('training needs at least 100 rows holding both normal and attack rows', {
      details: { rows: flat.length, attackRows },
    });
  }
  const x = periods.flatMap((period) => buildFeatureMatrix(period, featureSpec));
  const cut = Math.floor(flat.length * (1 - validationFraction));
  const validationRows = flat.length - cut;
  let threshold = 0.5;
  if (validationRows > 0) {
    const first = fitBooster(xgb, x.slice(0, cut), y.slice(0, cut), p);
    try {
      threshold = chooseThreshold(first.predict(x.slice(cut)), y.slice(cut));
    } finally {
      first.free();
    }
  }
  const booster = fitBooster(xgb, x, y, p);
  const model: AttackDetectorModel = {
    format: ATTACK_DETECTOR_FORMAT,
    formatVersion: ATTACK_DETECTOR_FORMAT_VERSION,
    featureSpec,
    featureNames: featureNames(featureSpec),
    params: p,
    threshold,
    booster: booster.toJSON(),
    training: {
      rows: flat.length,
      attackRows,
      validationRows,
      trainedAt: new Date().toISOString(),
      ...(dataSource ? { dataSource } : {}),
      ...(citation ? { citation } : {}),
    },
  };
  return { model, booster };
}
