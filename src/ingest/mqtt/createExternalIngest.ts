import mqtt, { type MqttClient } from 'mqtt';
import type { IngestPipeline } from '../createIngestPipeline.ts';
import { MqttBrokerError } from './errors.ts';
import { handleMqttMessage } from './handleMqttMessage.ts';
import { sharedReadingsFilter } from './topics.ts';

/** Inputs of `createExternalIngest`. */
export type CreateExternalIngestParameters = {
  pipeline: Pick<IngestPipeline, 'submit'>;
  /** e.g. `mqtt://127.0.0.1:1883` */
  url: string;
  /** Fixed prefix of the client ids (`<prefix>-<n>`), so the broker keeps each session across restarts. */
  clientIdPrefix: string;
  /** Shared-subscription group (default `vigil-gateways`). */
  shareGroup?: string;
  /** Only this organisation's readings (default `+`: all). */
  orgId?: string;
  /**
   * Connections in the group (default 4). mqtt.js handles one incoming packet at a time and holds the
   * stream until the ack callback runs, so each connection has one message in the pipeline; this is
   * the gateway's in-flight limit (the rest waits at the broker, bounded by its receive maximum).
   */
  connections?: number;
  /** Receive maximum announced to the broker per connection (default 16). */
  receiveMaximum?: number;
  /** How long the broker keeps a session (and queues its messages) while the gateway is away (default 3600 s). */
  sessionExpirySeconds?: number;
  username?: string;
  password?: string;
  /** CA certificate(s) the broker's certificate must chain to (`mqtts://` URLs). */
  ca?: Buffer | string;
};

/** The external-broker ingest as a service. */
export type ExternalIngest = {
  start(): Promise<void>;
  stop(): Promise<void>;
  inFlight(): number;
};

/**
 * Consumes readings from an external MQTT v5 broker (e.g. Mosquitto) through a shared subscription at
 * QoS 1 with persistent sessions. Each message is acknowledged to the broker only after `submit`
 * resolved (mqtt.js `customHandleAcks`); if the store fails the connection is dropped unacknowledged, so
 * the broker redelivers. The device's own PUBACK comes from the broker, on receipt (see docs/transports.md).
 */
export function createExternalIngest(params: CreateExternalIngestParameters): ExternalIngest {
  const { pipeline } = params;
  const filter = sharedReadingsFilter(params.shareGroup ?? 'vigil-gateways', params.orgId);
  const count = Math.max(1, params.connections ?? 4);
  let clients: MqttClient[] = [];
  let inFlight = 0;
  const idle: (() => void)[] = [];
  let stopping = false;

  function connect(n: number): Promise<MqttClient> {
    let client: MqttClient | undefined;
    const handle = (topic: string, message: Buffer, _packet: unknown, ack: (e: Error | number) => void) => {
      inFlight += 1;
      handleMqttMessage(pipeline, topic, message)
        .then((outcome) => {
          // Not awaited: its PUBACK arrives on this same stream, which mqtt.js holds until `ack` runs.
          // mqtt.js keeps the QoS 1 publish in its outgoing store and resends it after a reconnect.
          if (outcome.handled)
            client!.publish(outcome.resultsTopic, outcome.payload, { qos: 1 }, () => undefined);
          ack(0);
        })
        .catch((error: unknown) => {
          // Not durable: leave the message unacknowledged and reconnect, so the broker delivers it again.
          ack(error instanceof Error ? error : new Error(String(error)));
          client?.stream.destroy();
        })
        .finally(() => {
          inFlight -= 1;
          if (inFlight === 0) for (const wake of idle.splice(0)) wake();
        });
    };
    client = mqtt.connect(params.url, {
      protocolVersion: 5,
      clientId: `${params.clientIdPrefix}-${n}`,
      clean: false,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      resubscribe: true,
      ...(params.username === undefined ? {} : { username: params.username }),
      ...(params.password === undefined ? {} : { password: params.password }),
      ...(params.ca === undefined ? {} : { ca: params.ca }),
      properties: {
        sessionExpiryInterval: params.sessionExpirySeconds ?? 3600,
        receiveMaximum: params.receiveMaximum ?? 16,
      },
      customHandleAcks: handle,
    });
    const c = client;
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        c.end(true);
        reject(
          new MqttBrokerError(`cannot connect to MQTT broker ${params.url}: ${error.message}`, {
            cause: error,
          }),
        );
      };
      c.once('error', fail);
      c.once('connect', () => {
        c.off('error', fail);
        // Store or broker hiccups after start are logged by the caller's monitoring, never thrown.
        c.on('error', () => undefined);
        c.subscribe(filter, { qos: 1 }, (error, granted) => {
          const code = granted?.[0]?.qos;
          if (error || code === undefined || code > 1) {
            c.end(true);
            return reject(
              new MqttBrokerError(`subscribing to ${filter} failed`, { cause: error, details: { code } }),
            );
          }
          resolve(c);
        });
      });
    });
  }

  return {
    async start() {
      if (clients.length > 0) return;
      stopping = false;
      const settled = await Promise.allSettled(Array.from({ length: count }, (_, i) => connect(i)));
      const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) {
        await Promise.all(ok.map((c) => c.endAsync(true)));
        throw failed.reason;
      }
      clients = ok;
    },
    async stop() {
      if (stopping || clients.length === 0) return;
      stopping = true;
      const all = clients;
      clients = [];
      if (inFlight > 0) await new Promise<void>((resolve) => idle.push(resolve));
      // A graceful end keeps the sessions: messages published meanwhile wait at the broker.
      await Promise.all(all.map((c) => c.endAsync(false)));
    },
    inFlight: () => inFlight,
  };
}
