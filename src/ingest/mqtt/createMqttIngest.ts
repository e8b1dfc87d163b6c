import type { VigilConfig } from '../../config/index.ts';
import type { IngestPipeline } from '../createIngestPipeline.ts';
import { createEmbeddedBroker } from './createEmbeddedBroker.ts';
import { type CreateExternalIngestParameters, createExternalIngest } from './createExternalIngest.ts';
import { MqttBrokerError } from './errors.ts';

/** Inputs of `createMqttIngest`. */
export type CreateMqttIngestParameters = {
  pipeline: Pick<IngestPipeline, 'submit'>;
  config: Pick<VigilConfig, 'mqttUrl' | 'mqttPort' | 'gatewayId'> & { mqttHost?: string };
  /** External-broker tuning (share group, connections, org filter, session expiry, credentials). */
  external?: Omit<CreateExternalIngestParameters, 'pipeline' | 'url' | 'clientIdPrefix'> & {
    clientIdPrefix?: string;
  };
};

/** MQTT ingestion: the embedded broker, or a client of an external broker when `mqttUrl` is set. */
export type MqttIngest = {
  readonly mode: 'embedded' | 'external';
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Embedded mode: the bound broker port once started; external mode: undefined. */
  readonly port: number | undefined;
  inFlight(): number;
};

/**
 * Builds MQTT ingestion from the configuration: with `VIGIL_MQTT_URL` the gateway joins the external
 * broker's shared subscription; otherwise it runs the embedded broker on `mqttPort` (default 1884).
 */
export function createMqttIngest(params: CreateMqttIngestParameters): MqttIngest {
  const { pipeline, config } = params;
  if (config.mqttUrl) {
    const ext = createExternalIngest({
      ...params.external,
      pipeline,
      url: config.mqttUrl,
      clientIdPrefix: params.external?.clientIdPrefix ?? `vigil-${config.gatewayId}`,
    });
    return { mode: 'external', start: ext.start, stop: ext.stop, port: undefined, inFlight: ext.inFlight };
  }
  if (config.mqttPort === null)
    throw new MqttBrokerError('the plain MQTT listener is off and no other is configured');
  const broker = createEmbeddedBroker({
    pipeline,
    host: config.mqttHost ?? '127.0.0.1',
    port: config.mqttPort,
  });
  return {
    mode: 'embedded',
    start: broker.start,
    stop: broker.stop,
    get port() {
      return broker.port;
    },
    inFlight: broker.inFlight,
  };
}
