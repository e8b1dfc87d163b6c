import type { KeyObject } from 'node:crypto';
import { buildApp } from '../api/buildApp.ts';
import { createHttpServer } from '../api/createHttpServer.ts';
import { deviceMqttCredentials, exportPublicKeySec1 } from '../identity/index.ts';
import type { IngestPipeline } from '../ingest/createIngestPipeline.ts';
import { createEmbeddedBroker } from '../ingest/mqtt/createEmbeddedBroker.ts';
import { readingsTopic } from '../ingest/mqtt/topics.ts';
import { createSenderThread } from '../sim/senders/createSenderThread.ts';

/** Inputs of {@link benchTransportCeiling}. */
export type BenchTransportCeilingParameters = {
  transport: 'mqtt' | 'http';
  /** MQTT connections, or kept-alive HTTP sockets at most. */
  connections: number;
  /** Messages in flight at once. */
  inFlight: number;
  seconds: number;
  /**
   * One device's encoded reading, sent over and over (it is never parsed), and its key: over MQTT every
   * connection authenticates as that device.
   */
  message: { deviceId: string; bytes: Uint8Array; privateKey: KeyObject };
};

/**
 * The transport alone: the gateway's embedded MQTT broker or its HTTP listener (the same code as in
 * service) in front of a pipeline that accepts every message at once, without parsing, verifying or
 * storing it, fed by `bench ingest`'s own sender thread. Its messages/s bound what the
 * whole path can reach through that transport on this machine, whatever the signature check costs.
 */
export async function benchTransportCeiling(p: BenchTransportCeilingParameters): Promise<number> {
  const pipeline: Pick<IngestPipeline, 'submit' | 'stats'> = {
    submit: async () => ({
      results: [
        {
          status: 'accepted',
          index: 0,
          deviceId: p.message.deviceId,
          seq: 1,
          id: 'ceiling',
          quarantined: false,
        },
      ],
    }),
    stats: () => ({ accepted: 0, rejected: 0, pending: 0 }),
  };
  const stops: (() => Promise<void>)[] = [];
  try {
    let url: string;
    let credentials: ReturnType<typeof deviceMqttCredentials>[] | undefined;
    if (p.transport === 'mqtt') {
      const { deviceId, privateKey } = p.message;
      const device = {
        deviceId,
        orgId: 'bench',
        kind: 'hr',
        patient: 'bench-p',
        publicKey: exportPublicKeySec1(privateKey),
        status: 'active' as const,
        quarantined: false,
      };
      const broker = createEmbeddedBroker({
        pipeline,
        devices: { get: (id) => (id === deviceId ? device : undefined) },
        host: '127.0.0.1',
        port: 0,
      });
      credentials = Array.from({ length: p.connections }, (_, i) =>
        deviceMqttCredentials(privateKey, deviceId, `ceiling-${i}`),
      );
      await broker.start();
      stops.unshift(() => broker.stop());
      url = `mqtt://127.0.0.1:${broker.port}`;
    } else {
      const http = createHttpServer({ app: buildApp({ pipeline, docs: false }), host: '127.0.0.1', port: 0 });
      await http.start();
      stops.unshift(() => http.stop());
      url = http.url;
    }
    const senders = await createSenderThread({
      transport: p.transport,
      url,
      connections: p.connections,
      ...(credentials ? { credentials } : {}),
    });
    stops.unshift(() => senders.close());
    const topic = readingsTopic({ orgId: 'bench', deviceId: p.message.deviceId });
    const r = await senders.repeat(
      { topic, bytes: p.message.bytes, connection: 0 },
      { inFlight: p.inFlight, seconds: p.seconds },
    );
    const failed = Object.keys(r.codes);
    if (failed.length > 0)
      throw new Error(`transport ceiling: the ${p.transport} sender failed with ${failed[0]}`);
    return Math.round(r.sent / r.seconds);
  } finally {
    for (const stop of stops) await stop().catch(() => {});
  }
}
