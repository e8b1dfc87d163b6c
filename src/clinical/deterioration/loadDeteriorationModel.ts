import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ClinicalModelError } from '../errors.ts';
import { cleanRecord } from '../physionet/cleanRecord.ts';
import type { PhysionetRecord } from '../physionet/types.ts';
import { applyCalibration } from './calibration.ts';
import { ENSEMBLE_GB_WEIGHT, ensembleProbability } from './ensemble.ts';
import { extractFeatures } from './extractFeatures.ts';
import { predictLogistic } from './logisticRegression.ts';
import { type DeteriorationModelFile, MODEL_FORMAT } from './modelFile.ts';
import { type Booster, loadXGBoost } from './xgboost.ts';

export type DeteriorationModel = {
  /**
   * Calibrated probability of in-hospital death for one feature vector (ordered or by name): the
   * GB + LR ensemble when the file has an `lr` part, else calibrated boosting.
   */
  predict(features: readonly number[] | Readonly<Record<string, number>>): number;
  /** Calibrated probabilities for many ordered feature vectors. */
  predictMany(rows: readonly (readonly number[])[]): number[];
  /** Raw (uncalibrated) booster outputs (boosting part only). */
  predictRaw(rows: readonly (readonly number[])[]): number[];
  /** Cleans a stay, extracts the model's features and predicts. */
  predictRecord(record: PhysionetRecord): number;
  /** SHA-256 (hex) of the model file's bytes. */
  sha256: string;
  file: DeteriorationModelFile;
  free(): void;
};

/** Builds a model from a parsed model file (bytes hashed by the caller). */
export async function modelFromFile(
  file: DeteriorationModelFile,
  sha256: string,
): Promise<DeteriorationModel> {
  if (file.format !== MODEL_FORMAT || file.version !== 1) {
    throw new ClinicalModelError('not a Vigil deterioration model file (format/version)');
  }
  const XGBoost = await loadXGBoost();
  const bytes = Buffer.from(file.booster.modelBase64, 'base64');
  const signed = Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  let booster: Booster;
  try {
    booster = XGBoost.load({ name: 'ml-xgboost', model: signed, options: { ...file.booster.options } });
  } catch (cause) {
    throw new ClinicalModelError('the booster in the model file cannot be loaded', { cause });
  }
  const names = file.featureNames;
  const toVector = (f: readonly number[] | Readonly<Record<string, number>>): number[] => {
    if (Array.isArray(f)) {
      if (f.length !== names.length) {
        throw new ClinicalModelError('feature vector has the wrong length', {
          details: { expected: names.length, got: f.length },
        });
      }
      return f.map((x) => (Number.isFinite(x) ? x : file.missingValue));
    }
    const byName = f as Readonly<Record<string, number>>;
    return names.map((n) => {
      const x = byName[n];
      return x === undefined || !Number.isFinite(x) ? file.missingValue : x;
    });
  };
  const lr = file.lr;
  if (lr && lr.weights.length !== names.length + lr.indicators.length) {
    throw new ClinicalModelError('the logistic-regression part does not match the feature names', {
      details: { features: names.length, weights: lr.weights.length },
    });
  }
  const gbWeight = file.gbWeight ?? ENSEMBLE_GB_WEIGHT;
  const combine = (vector: number[], raw: number): number => {
    const gb = applyCalibration(file.calibration, raw);
    return lr ? ensembleProbability(gb, predictLogistic(lr, vector), gbWeight) : gb;
  };
  const predictRaw = (rows: readonly (readonly number[])[]): number[] =>
    rows.length === 0 ? [] : booster.predict(rows.map((r) => toVector(r)));
  const predictVectors = (vectors: number[][]): number[] =>
    vectors.length === 0 ? [] : booster.predict(vectors).map((raw, i) => combine(vectors[i]!, raw));
  return {
    predict: (features) => predictVectors([toVector(features)])[0]!,
    predictMany: (rows) => predictVectors(rows.map((r) => toVector(r))),
    predictRaw,
    predictRecord: (record) =>
      predictVectors([
        toVector(extractFeatures(cleanRecord(record), { hours: file.hours, featureSet: file.featureSet })),
      ])[0]!,
    sha256,
    file,
    free: () => booster.free(),
  };
}

/** Loads a deterioration model file; `sha256` is the hex SHA-256 of the file bytes (to anchor on chain). */
export async function loadDeteriorationModel(path: string): Promise<DeteriorationModel> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new ClinicalModelError(`cannot read model file ${path}`, { cause, details: { path } });
  }
  let file: DeteriorationModelFile;
  try {
    file = JSON.parse(bytes.toString('utf8')) as DeteriorationModelFile;
  } catch (cause) {
    throw new ClinicalModelError('model file is not valid JSON', { cause, details: { path } });
  }
  return modelFromFile(file, createHash('sha256').update(bytes).digest('hex'));
}
