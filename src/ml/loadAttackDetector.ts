import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  ATTACK_DETECTOR_FORMAT,
  ATTACK_DETECTOR_FORMAT_VERSION,
  type AttackDetectorModel,
} from './attackDetectorModel.ts';
import { buildFeatureMatrix, featureNames } from './buildRowFeatures.ts';
import { ModelFileError } from './errors.ts';
import { type Booster, loadXgboost, type XgboostModule } from './loadXgboost.ts';
import type { FlowRecord } from './wustlColumns.ts';

/** A model ready to score: the parsed file, its booster and the SHA-256 of the file bytes. */
export type AttackDetector = {
  model: AttackDetectorModel;
  booster: Booster;
  /** SHA-256 hex of the model file bytes (anchored on chain to pin the model in use). */
  sha256: string;
  threshold: number;
  /** Scores consecutive rows of one source, oldest first, from an empty context (one score per row). */
  score(rowWindow: readonly FlowRecord[]): number[];
  /** Releases the booster's wasm memory. */
  free(): void;
};

/** Wraps a model and its booster as a detector. */
export function toAttackDetector(
  model: AttackDetectorModel,
  booster: Booster,
  sha256: string,
): AttackDetector {
  return {
    model,
    booster,
    sha256,
    threshold: model.threshold,
    score: (rowWindow) =>
      rowWindow.length === 0 ? [] : booster.predict(buildFeatureMatrix(rowWindow, model.featureSpec)),
    free: () => booster.free(),
  };
}

/** Parses and checks model file bytes. */
export function parseAttackDetector(bytes: Buffer, xgb: XgboostModule, source = 'model'): AttackDetector {
  let model: AttackDetectorModel;
  try {
    model = JSON.parse(bytes.toString('utf8')) as AttackDetectorModel;
  } catch (cause) {
    throw new ModelFileError(`${source} is not JSON`, { cause, details: { source } });
  }
  if (model?.format !== ATTACK_DETECTOR_FORMAT || model.formatVersion !== ATTACK_DETECTOR_FORMAT_VERSION) {
    throw new ModelFileError(
      `${source} is not a version ${ATTACK_DETECTOR_FORMAT_VERSION} attack-detector model`,
      {
        details: { source, format: model?.format, formatVersion: model?.formatVersion },
      },
    );
  }
  const expected = featureNames(model.featureSpec);
  if (
    JSON.stringify(expected) !== JSON.stringify(model.featureNames) ||
    typeof model.threshold !== 'number'
  ) {
    throw new ModelFileError(`${source} was built with features this version of Vigil does not compute`, {
      details: { source },
    });
  }
  let booster: Booster;
  try {
    booster = xgb.load(model.booster);
  } catch (cause) {
    throw new ModelFileError(`${source} holds a booster XGBoost cannot load`, { cause, details: { source } });
  }
  return toAttackDetector(model, booster, createHash('sha256').update(bytes).digest('hex'));
}

/** Reads a model file written by `saveAttackDetector` (e.g. `models/attack-detector.json`). */
export async function loadAttackDetector(path: string, xgb?: XgboostModule): Promise<AttackDetector> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new ModelFileError(`cannot read model file ${path}`, { cause, details: { path } });
  }
  return parseAttackDetector(bytes, xgb ?? (await loadXgboost()), path);
}
