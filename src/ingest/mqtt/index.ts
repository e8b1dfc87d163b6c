export {
  type CreateEmbeddedBrokerParameters,
  createEmbeddedBroker,
  type EmbeddedBroker,
} from './createEmbeddedBroker.ts';
export {
  type CreateExternalIngestParameters,
  createExternalIngest,
  type ExternalIngest,
} from './createExternalIngest.ts';
export { type CreateMqttIngestParameters, createMqttIngest, type MqttIngest } from './createMqttIngest.ts';
export { MqttBrokerError, MqttPortInUseError } from './errors.ts';
export {
  type HandleMqttMessageReturnType,
  handleMqttMessage,
  type MqttResultMessage,
} from './handleMqttMessage.ts';
export {
  isResultsTopic,
  parseReadingsTopic,
  type ReadingsTopic,
  readingsTopic,
  resultsTopic,
  sharedReadingsFilter,
  TOPIC_ROOT,
} from './topics.ts';
