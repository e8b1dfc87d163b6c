import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ClinicalComputationError } from '../errors.ts';
import type { FeatureSet } from './featureSpec.ts';
import { featureNames, MISSING } from './featureSpec.ts';
import {
  type BoosterBlob,
  type DeteriorationModelFile,
  MODEL_FORMAT,
  PHYSIONET_CITATION,
} from './modelFile.ts';
import type { TrainedDeteriorationModel } from './trainDeteriorationModel.ts';
import type { Booster } from './xgboost.ts';

function boosterBlob(booster: Booster): BoosterBlob {
  const json = booster.toJSON();
  const bytes = Buffer.from(Int8Array.from(json.model).buffer);
  return { library: 'ml-xgboost', options: json.options, modelBase64: bytes.toString('base64') };
}

/** Serialises a trained model to the JSON model-file structure. */
export function toModelFile(
  model: TrainedDeteriorationModel,
  spec: {
    hours: number;
    featureSet: FeatureSet;
    data: string;
    trainedAt?: string;
    augmentOffsetsHours?: number[];
    /** Description of the auxiliary training label (needed when the model has an auxiliary part). */
    auxLabel?: string;
  },
): DeteriorationModelFile {
  const aux = model.aux;
  if (aux && !spec.auxLabel) {
    throw new ClinicalComputationError('an auxiliary-label part needs its label described (auxLabel)');
  }
  return {
    format: MODEL_FORMAT,
    version: 1,
    task: 'in-hospital death from the first hours of an ICU stay',
    hours: spec.hours,
    featureSet: spec.featureSet,
    featureNames: featureNames(spec.featureSet),
    missingValue: MISSING,
    booster: boosterBlob(model.booster),
    params: model.params,
    calibration: model.calibration,
    ...(model.lr ? { lr: model.lr, gbWeight: model.gbWeight } : {}),
    ...(aux && spec.auxLabel
      ? { aux: { label: spec.auxLabel, booster: boosterBlob(aux.booster), calibration: aux.calibration } }
      : {}),
    metadata: {
      trainedAt: spec.trainedAt ?? new Date().toISOString(),
      trainPatients: model.trainPatients,
      trainDeaths: model.trainDeaths,
      cv: model.cv,
      ...(model.lrCv ? { lrCv: model.lrCv, ensembleCvAuroc: model.ensembleCvAuroc } : {}),
      ...(aux ? { auxCvAuroc: aux.cvAuroc } : {}),
      ...(spec.augmentOffsetsHours?.length
        ? { augmentOffsetsHours: spec.augmentOffsetsHours, augmentedRows: model.augmentedRows }
        : {}),
      data: spec.data,
    },
    citation: PHYSIONET_CITATION,
    licence: 'Trained on PhysioNet 2012 data (Open Data Commons Attribution License ODC-By 1.0)',
  };
}

/** Writes a trained model as JSON and returns the SHA-256 (hex) of the bytes written. */
export function saveDeteriorationModel(
  path: string,
  model: TrainedDeteriorationModel,
  spec: {
    hours: number;
    featureSet: FeatureSet;
    data: string;
    augmentOffsetsHours?: number[];
    auxLabel?: string;
  },
): { path: string; sha256: string } {
  const text = `${JSON.stringify(toModelFile(model, spec))}\n`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return { path, sha256: createHash('sha256').update(text).digest('hex') };
}
