import type { VigilConfig } from '../../config/index.ts';
import type { IngestPipeline } from '../createIngestPipeline.ts';
import type { DeviceDirectory } from '../deviceDirectory.ts';
import { createEmbeddedBroker } from './createEmbeddedBroker.ts';
import { type CreateExternalIngestParameters, createExternalIngest } from './createExternalIngest.ts';

/** Inputs of `createMqttIngest`. */
export type CreateMqttIngestParameters = {
  pipeline: Pick<IngestPipeline, 'submit'>;
  /** The registry the embedded broker authenticates devices against. */
  devices: DeviceDirectory;
  config: Pick<VigilConfig, 'mqttUrl' | 'mqttPort' | 'gatewayId'> &
    Partial<Pick<VigilConfig, 'mqttHost' | 'mqttsPort' | 'mqttTokenWindowSeconds'>>;
  /** PEM certificate chain and key: the embedded broker adds MQTT over TLS on `config.mqttsPort`. */
  tls?: { cert: Buffer | string; key: Buffer | string } | undefined;
  /** External-broker tuning (share group, connections, org filter, session expiry, credentials, CA). */
  external?: Omit<CreateExternalIngestParameters, 'pipeline' | 'url' | 'clientIdPrefix'> & {
    clientIdPrefix?: string;
  };
};

/** MQTT ingestion: the embedded broker, or a client of an external broker when `mqttUrl` is set. */
export type MqttIngest = {
  readonly mode: 'embedded' | 'external';
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Embedded mode: the bound plain port once started; undefined when off or external. */
  readonly port: number | undefined;
  /** Embedded mode with TLS: the bound MQTT over TLS port once started; undefined otherwise. */
  readonly tlsPort: number | undefined;
  inFlight(): number;
};

/**
 * Builds MQTT ingestion from the configuration: with `VIGIL_MQTT_URL` the gateway joins the external
 * broker's shared subscription (authentication is that broker's job); otherwise it runs the embedded
 * broker, which authenticates every device, on `mqttPort` (default 1884) and, with TLS, `mqttsPort`.
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
    return {
      mode: 'external',
      start: ext.start,
      stop: ext.stop,
      port: undefined,
      tlsPort: undefined,
      inFlight: ext.inFlight,
    };
  }
  const broker = createEmbeddedBroker({
    pipeline,
    devices: params.devices,
    host: config.mqttHost ?? '127.0.0.1',
    port: config.mqttPort,
    ...(params.tls ? { tls: { ...params.tls, port: config.mqttsPort ?? 8883 } } : {}),
    ...(config.mqttTokenWindowSeconds === undefined
      ? {}
      : { tokenWindowSeconds: config.mqttTokenWindowSeconds }),
  });
  return {
    mode: 'embedded',
    start: broker.start,
    stop: broker.stop,
    get port() {
      return broker.port ?? undefined;
    },
    get tlsPort() {
      return broker.tlsPort ?? undefined;
    },
    inFlight: broker.inFlight,
  };
}
