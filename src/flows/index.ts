export {
  type CreateFlowScorerParameters,
  createFlowScorer,
  type FlowFeatures,
  type FlowInput,
  type FlowScore,
  type FlowScorer,
} from './createFlowScorer.ts';
export { createVitalsTracker, type VitalsTracker } from './createVitalsTracker.ts';
export { SensorTokenError } from './errors.ts';
export {
  loadOrCreateSensorToken,
  SENSOR_TOKEN_FILE,
  type SensorTokenCheck,
  sensorTokenCheck,
} from './sensorToken.ts';
