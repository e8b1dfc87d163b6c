import { VigilError, type VigilErrorOptions } from '../errors/index.ts';

/** A data file for the attack detector is missing, unreadable or not in the WUSTL-EHMS layout. */
export class DatasetError extends VigilError {
  override name = 'DatasetError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_ML_DATASET_INVALID', message, options);
  }
}

/** A model file is missing, corrupt or of an unsupported format version. */
export class ModelFileError extends VigilError {
  override name = 'ModelFileError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_ML_MODEL_INVALID', message, options);
  }
}

/** Training or evaluation cannot run on the given data (too few rows, a single class, bad folds). */
export class TrainingError extends VigilError {
  override name = 'TrainingError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_ML_TRAINING_FAILED', message, options);
  }
}
