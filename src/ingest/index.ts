export {
  type BenchRawVerifyParameters,
  type BenchRawVerifyReturnType,
  benchRawVerify,
} from './benchRawVerify.ts';
export {
  type BenchReadingChecksReturnType,
  benchReadingChecks,
  type ReadingCheckStage,
} from './benchReadingChecks.ts';
export { type BuildObservationParameters, buildObservation, type VitalValue } from './buildObservation.ts';
export {
  type CheckClockSkewReturnType,
  type ClockSkewLimits,
  checkClockSkew,
  DEFAULT_CLOCK_SKEW,
} from './checkClockSkew.ts';
export { type CheckPlausibilityReturnType, checkPlausibility } from './checkPlausibility.ts';
export { VerifyPoolError } from './errors.ts';
export { type ParseMessageOptions, type ParseMessageReturnType, parseMessage } from './parseMessage.ts';
export {
  isRejectionCode,
  MQTT_PUBACK,
  REJECTION_CODES,
  type Rejection,
  type RejectionCode,
  type RejectionCodeInfo,
  reject,
} from './rejectionCodes.ts';
export {
  MAX_MESSAGE_BYTES,
  MAX_READINGS_PER_MESSAGE,
  ObservationSchema,
  SignedReadingSchema,
  type SignedReadingWire,
  signedReadingChecker,
  TransportMessageSchema,
} from './schema.ts';
export { isValidInstant, type ValidateReadingReturnType, validateReading } from './validateReading.ts';
export {
  type CreateVerifyPoolParameters,
  createVerifyPool,
  type VerifyItem,
  type VerifyPool,
} from './verifyPool.ts';
export {
  LOINC_SYSTEM,
  OBSERVATION_CATEGORY_SYSTEM,
  UCUM_SYSTEM,
  VITAL_SIGNS_CATEGORY,
  VITALS,
  type VitalDefinition,
  type VitalKind,
  type VitalMeasure,
  vitalByLoinc,
} from './vitals.ts';
