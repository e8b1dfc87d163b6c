import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import type { IngestPipeline } from '../createIngestPipeline.ts';
import { MqttPortInUseError } from './errors.ts';
import { DEFAULT_MAX_PACKET_BYTES, guardPacketSize } from './guardPacketSize.ts';
import { handleMqttMessage } from './handleMqttMessage.ts';
import { isResultsTopic, parseReadingsTopic } from './topics.ts';

/** Inputs of `createEmbeddedBroker`. */
export type CreateEmbeddedBrokerParameters = {
  pipeline: Pick<IngestPipeline, 'submit'>;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** aedes delivery concurrency (default 100). */
  concurrency?: number;
  /** Clients announcing a larger MQTT packet are disconnected unread (default 1 MiB). */
  maxPacketBytes?: number;
};

/** The embedded aedes broker as a service. */
export type EmbeddedBroker = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Bound port once started. */
  readonly port: number;
  /** Readings messages being processed right now. */
  inFlight(): number;
};

type Callback = (error?: Error | null) => void;

/**
 * An aedes broker (MQTT 3.1.1) whose `authorizePublish` runs the pipeline before aedes writes the
 * PUBACK: a device's PUBACK means "stored, or its rejection recorded". The answer goes to the results
 * topic. Readings are not forwarded to subscribers, and devices may not publish on results topics.
 * Backpressure: aedes reads a client's next socket chunk only after every packet of the previous
 * chunk was authorised, so a device cannot have more in flight than one read's worth of packets.
 */
export function createEmbeddedBroker(params: CreateEmbeddedBrokerParameters): EmbeddedBroker {
  const { pipeline, host } = params;
  let broker: Aedes | undefined;
  let server: Server | undefined;
  let port = params.port;
  let inFlight = 0;
  const idle: (() => void)[] = [];

  const publishResult = (topic: string, payload: Buffer) =>
    new Promise<void>((resolve) => {
      broker?.publish({ cmd: 'publish', topic, payload, qos: 1, retain: false, dup: false }, () => resolve());
    });

  function authorizePublish(
    client: unknown,
    packet: { topic: string; payload: Buffer | string; retain: boolean },
    done: Callback,
  ) {
    // The broker's own publishes (the results) have no client.
    if (client === null) return done(null);
    if (!parseReadingsTopic(packet.topic)) {
      // MQTT 3.1.1 has no negative PUBACK: an unauthorised publish ends the connection (the broker lives on).
      const what = isResultsTopic(packet.topic)
        ? 'only the gateway publishes results'
        : 'not a Vigil readings topic';
      return done(new Error(`publish refused: ${what}`));
    }
    packet.retain = false;
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    inFlight += 1;
    handleMqttMessage(pipeline, packet.topic, payload)
      .then(async (outcome) => {
        if (outcome.handled) await publishResult(outcome.resultsTopic, outcome.payload);
        done(null);
      })
      // Not durable: no PUBACK (the connection closes) so the device sends it again.
      .catch((error: unknown) => done(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) for (const wake of idle.splice(0)) wake();
      });
  }

  return {
    async start() {
      if (broker) return;
      const b = await Aedes.createBroker({
        ...(params.concurrency === undefined ? {} : { concurrency: params.concurrency }),
        authorizePublish: authorizePublish as never,
        // Readings are consumed by the gateway, never relayed to other clients.
        authorizeForward: (_client, packet) => (parseReadingsTopic(packet.topic) ? null : packet),
      });
      b.on('clientError', () => undefined);
      b.on('connectionError', () => undefined);
      const maxPacketBytes = params.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES;
      // No Nagle delay: a PUBACK is a few bytes, and held back behind an unacknowledged segment it would
      // wait for the device's delayed ACK (up to 40 ms on Linux).
      const s = createServer({ noDelay: true }, (socket) => {
        socket.on('error', () => undefined);
        b.handle(guardPacketSize(socket, maxPacketBytes));
      });
      try {
        await new Promise<void>((resolve, reject) => {
          s.once('error', reject);
          s.listen(params.port, host, () => {
            s.off('error', reject);
            resolve();
          });
        });
      } catch (error) {
        await new Promise<void>((resolve) => b.close(() => resolve()));
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new MqttPortInUseError(host, params.port, { cause: error });
        }
        throw error;
      }
      s.on('error', () => undefined);
      broker = b;
      server = s;
      port = (s.address() as AddressInfo).port;
    },
    async stop() {
      const b = broker;
      const s = server;
      if (!b || !s) return;
      server = undefined;
      // No new connections; messages already in the pipeline finish and publish their results.
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      if (inFlight > 0) await new Promise<void>((resolve) => idle.push(resolve));
      broker = undefined;
      await new Promise<void>((resolve) => b.close(() => resolve()));
      await closed;
    },
    get port() {
      return port;
    },
    inFlight: () => inFlight,
  };
}
