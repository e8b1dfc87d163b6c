import { VigilError, type VigilErrorOptions } from '../errors/index.ts';

/** A clinical data file (PhysioNet long format, outcomes) is missing or malformed. */
export class ClinicalDataError extends VigilError {
  override name = 'ClinicalDataError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_CLINICAL_DATA_INVALID', message, options);
  }
}

/** A deterioration model file is missing, malformed or does not match the expected format. */
export class ClinicalModelError extends VigilError {
  override name = 'ClinicalModelError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_CLINICAL_MODEL_INVALID', message, options);
  }
}

/** A clinical computation was asked for something it cannot do (e.g. too few patients of one class). */
export class ClinicalComputationError extends VigilError {
  override name = 'ClinicalComputationError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_CLINICAL_COMPUTATION_FAILED', message, options);
  }
}
