import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ClinicalModelError } from '../errors.ts';
import { cleanRecord } from '../physionet/cleanRecord.ts';
import type { PhysionetRecord } from '../physionet/types.ts';
import { applyCalibration } from './calibration.ts';
import { combineParts, ENSEMBLE_GB_WEIGHT } from './ensemble.ts';
import { extractFeatures } from './extractFeatures.ts';
import { lrPartMatches, predictLrPart } from './lrPart.ts';
import { type BoosterBlob, type DeteriorationModelFile, MODEL_FORMAT } from './modelFile.ts';
import { type Booster, loadXGBoost } from './xgboost.ts';

export type DeteriorationModel = {
  /**
   * Calibrated probability of in-hospital death for one feature vector (ordered or by name): the
   * average of the file's parts (calibrated boosting, `lr`, `aux`; see `combineParts`), or calibrated
   * boosting alone.
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
  const load = (blob: BoosterBlob, what: string): Booster => {
    const bytes = Buffer.from(blob.modelBase64, 'base64');
    const signed = Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    try {
      return XGBoost.load({ name: 'ml-xgboost', model: signed, options: { ...blob.options } });
    } catch (cause) {
      throw new ClinicalModelError(`the ${what} in the model file cannot be loaded`, { cause });
    }
  };
  const booster = load(file.booster, 'booster');
  let auxBooster: Booster | undefined;
  try {
    auxBooster = file.aux ? load(file.aux.booster, 'auxiliary booster') : undefined;
  } catch (error) {
    booster.free();
    throw error;
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
  if (lr && !lrPartMatches(lr, names.length)) {
    throw new ClinicalModelError('the logistic-regression part does not match the feature names', {
      details: { features: names.length, weights: lr.weights.length, method: lr.method },
    });
  }
  const gbWeight = file.gbWeight ?? ENSEMBLE_GB_WEIGHT;
  const aux = file.aux;
  const combine = (vector: number[], raw: number, auxRaw: number | undefined): number =>
    combineParts(
      applyCalibration(file.calibration, raw),
      lr ? predictLrPart(lr, vector) : undefined,
      aux && auxRaw !== undefined ? applyCalibration(aux.calibration, auxRaw) : undefined,
      gbWeight,
    );
  const predictRaw = (rows: readonly (readonly number[])[]): number[] =>
    rows.length === 0 ? [] : booster.predict(rows.map((r) => toVector(r)));
  const predictVectors = (vectors: number[][]): number[] => {
    if (vectors.length === 0) return [];
    const auxRaw = auxBooster?.predict(vectors);
    return booster.predict(vectors).map((raw, i) => combine(vectors[i]!, raw, auxRaw?.[i]));
  };
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
    free: () => {
      booster.free();
      auxBooster?.free();
    },
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
