import type { AddressInfo, Socket } from 'node:net';
import { createServer, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes, type Client } from 'aedes';
import type { IngestPipeline } from '../createIngestPipeline.ts';
import type { DeviceDirectory } from '../deviceDirectory.ts';
import { createDeviceAuthenticator, type MqttDeviceIdentity } from './createDeviceAuthenticator.ts';
import { deviceMaySubscribe, devicePublishRefusal } from './deviceTopicAcl.ts';
import { MqttPortInUseError } from './errors.ts';
import { DEFAULT_MAX_PACKET_BYTES, guardPacketSize } from './guardPacketSize.ts';
import { handleMqttMessage } from './handleMqttMessage.ts';
import { parseReadingsTopic } from './topics.ts';

/** Inputs of `createEmbeddedBroker`. */
export type CreateEmbeddedBrokerParameters = {
  pipeline: Pick<IngestPipeline, 'submit'>;
  /** The device registry every client authenticates against (connect token signed by the device key). */
  devices: DeviceDirectory;
  host: string;
  /** Plain MQTT port; 0 picks a free port (tests); null: no plain listener. */
  port: number | null;
  /** MQTT over TLS on a port of its own (0: a free one), with this PEM certificate chain and key. */
  tls?: { port: number; cert: Buffer | string; key: Buffer | string } | undefined;
  /** Connect tokens issued further than this from now are refused (default 300 s). */
  tokenWindowSeconds?: number;
  /** aedes delivery concurrency (default 100). */
  concurrency?: number;
  /** Clients announcing a larger MQTT packet are disconnected unread (default 1 MiB). */
  maxPacketBytes?: number;
};

/** The embedded aedes broker as a service. */
export type EmbeddedBroker = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Bound plain port once started (null without a plain listener). */
  readonly port: number | null;
  /** Bound TLS port once started (null without TLS). */
  readonly tlsPort: number | null;
  /** Readings messages being processed right now. */
  inFlight(): number;
};

type Callback = (error?: Error | null) => void;

/**
 * An aedes broker (MQTT 3.1.1) whose `authorizePublish` runs the pipeline before aedes writes the
 * PUBACK: a device's PUBACK means "stored, or its rejection recorded". The answer goes to the results
 * topic. Readings are not forwarded to subscribers.
 * Every client authenticates as a registered, unrevoked device (username = device id, password = a
 * fresh connect token signed with its key); it may publish only on its own readings topic under its
 * registered organisation and subscribe only to its own results topic (no wildcards, no `$SYS`).
 * Backpressure: aedes reads a client's next socket chunk only after every packet of the previous
 * chunk was authorised, so a device cannot have more in flight than one read's worth of packets.
 */
export function createEmbeddedBroker(params: CreateEmbeddedBrokerParameters): EmbeddedBroker {
  const { pipeline, host, devices } = params;
  let broker: Aedes | undefined;
  let servers: Server[] = [];
  let port = params.port;
  let tlsPort: number | null = params.tls?.port ?? null;
  let inFlight = 0;
  const idle: (() => void)[] = [];
  const authenticator = createDeviceAuthenticator({
    devices,
    ...(params.tokenWindowSeconds === undefined ? {} : { windowSeconds: params.tokenWindowSeconds }),
  });
  const identities = new WeakMap<Client, MqttDeviceIdentity>();

  function authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: (Error & { returnCode: number }) | null, success: boolean | null) => void,
  ) {
    const outcome = authenticator.authenticate(client.id, username, password);
    if (!outcome.ok)
      return done(Object.assign(new Error(outcome.reason), { returnCode: outcome.returnCode }), false);
    identities.set(client, outcome.device);
    done(null, true);
  }

  function authorizeSubscribe(
    client: Client,
    subscription: { topic: string; qos: number },
    done: (error: Error | null, subscription?: { topic: string; qos: number } | null) => void,
  ) {
    const who = identities.get(client);
    // A refused subscription gets SUBACK 0x80 (the connection stays).
    done(null, who && deviceMaySubscribe(devices, who, subscription.topic) ? subscription : null);
  }

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
    const who = identities.get(client as Client);
    // MQTT 3.1.1 has no negative PUBACK: an unauthorised publish ends the connection (the broker lives on).
    if (!who) return done(new Error('publish refused: not authenticated'));
    const refusal = devicePublishRefusal(devices, who, packet.topic);
    if (refusal) return done(new Error(refusal));
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
        authenticate: authenticate as never,
        authorizeSubscribe: authorizeSubscribe as never,
        authorizePublish: authorizePublish as never,
        // Readings are consumed by the gateway, never relayed to other clients.
        authorizeForward: (_client, packet) => (parseReadingsTopic(packet.topic) ? null : packet),
      });
      b.on('clientError', () => undefined);
      b.on('connectionError', () => undefined);
      const maxPacketBytes = params.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES;
      const handle = (socket: Socket) => {
        socket.on('error', () => undefined);
        b.handle(guardPacketSize(socket, maxPacketBytes));
      };
      // No Nagle delay: a PUBACK is a few bytes, and held back behind an unacknowledged segment it would
      // wait for the device's delayed ACK (up to 40 ms on Linux).
      const wanted: { server: Server; port: number }[] = [];
      if (params.port !== null)
        wanted.push({ server: createServer({ noDelay: true }, handle), port: params.port });
      if (params.tls) {
        const { cert, key } = params.tls;
        // TLS sockets are handed over once the handshake is done; the packet guard reads the clear text.
        wanted.push({ server: createTlsServer({ cert, key, noDelay: true }, handle), port: params.tls.port });
      }
      const started: Server[] = [];
      try {
        for (const w of wanted) {
          await new Promise<void>((resolve, reject) => {
            w.server.once('error', reject);
            w.server.listen(w.port, host, () => {
              w.server.off('error', reject);
              resolve();
            });
          });
          w.server.on('error', () => undefined);
          // A failed TLS handshake (plain MQTT, a wrong CA) is the client's problem, not the broker's.
          w.server.on('tlsClientError', () => undefined);
          started.push(w.server);
        }
      } catch (error) {
        for (const s of started) s.close();
        await new Promise<void>((resolve) => b.close(() => resolve()));
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          const failed = wanted[started.length]!.port;
          throw new MqttPortInUseError(host, failed, { cause: error });
        }
        throw error;
      }
      broker = b;
      servers = started;
      const portOf = (s: Server | undefined) => (s ? (s.address() as AddressInfo).port : null);
      port = params.port === null ? null : portOf(started[0]);
      tlsPort = params.tls ? portOf(started.at(-1)) : null;
    },
    async stop() {
      const b = broker;
      if (!b) return;
      const all = servers;
      servers = [];
      // No new connections; messages already in the pipeline finish and publish their results.
      const closed = Promise.all(all.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      if (inFlight > 0) await new Promise<void>((resolve) => idle.push(resolve));
      broker = undefined;
      await new Promise<void>((resolve) => b.close(() => resolve()));
      await closed;
    },
    get port() {
      return port;
    },
    get tlsPort() {
      return tlsPort;
    },
    inFlight: () => inFlight,
  };
}
