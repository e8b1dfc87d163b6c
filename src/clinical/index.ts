export { type BenchAnomalyReturnType, benchAnomaly } from './anomaly/benchAnomaly.ts';
export { type AnomalyDetector, createAnomalyDetector } from './anomaly/createAnomalyDetector.ts';
export { evaluateAnomalyDetector, physionetSnapshots } from './anomaly/evaluateAnomalyDetector.ts';
export { type AnomalyFlag, type AnomalyKind, DEFAULT_LIMITS, VITALS, type Vital } from './anomaly/types.ts';
export { buildDataset, type Dataset, stratifiedFolds } from './deterioration/buildDataset.ts';
export { applyCalibration, fitPlatt } from './deterioration/calibration.ts';
export {
  crossValidateDeterioration,
  type DeteriorationMetrics,
  evaluateDeterioration,
} from './deterioration/evaluateDeterioration.ts';
export { extractFeatures } from './deterioration/extractFeatures.ts';
export { type FeatureSet, featureNames } from './deterioration/featureSpec.ts';
export {
  featuresFromReadings,
  type LiveReading,
  recordFromReadings,
} from './deterioration/featuresFromReadings.ts';
export { type DeteriorationModel, loadDeteriorationModel } from './deterioration/loadDeteriorationModel.ts';
export { auprc, auroc, brier } from './deterioration/metrics.ts';
export { type DeteriorationModelFile, PHYSIONET_CITATION } from './deterioration/modelFile.ts';
export { news2Course } from './deterioration/news2Course.ts';
export { saveDeteriorationModel } from './deterioration/saveDeteriorationModel.ts';
export { DEFAULT_GRID, trainDeteriorationModel } from './deterioration/trainDeteriorationModel.ts';
export { ClinicalComputationError, ClinicalDataError, ClinicalModelError } from './errors.ts';
export { type ComputeNews2Parameters, computeNews2, type News2Band } from './news2/computeNews2.ts';
export { cleanRecord } from './physionet/cleanRecord.ts';
export { readOutcomes } from './physionet/readOutcomes.ts';
export { readPhysionetLong } from './physionet/readPhysionetLong.ts';
export { splitPhysionetByPatient } from './physionet/splitPhysionetByPatient.ts';
export type { Outcomes, PhysionetRecord } from './physionet/types.ts';

/** Default shared data paths, relative to the repository root (the CLI runs from there). */
export const DEFAULT_PHYSIONET_DATA = '../shared/data/physionet-2012/set-a-dev.csv.gz';
export const DEFAULT_PHYSIONET_OUTCOMES = '../shared/data/physionet-2012/outcomes-a-dev.csv';
