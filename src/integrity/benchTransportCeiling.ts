import { performance } from 'node:perf_hooks';
import { buildApp } from '../api/buildApp.ts';
import { createHttpServer } from '../api/createHttpServer.ts';
import type { IngestPipeline } from '../ingest/createIngestPipeline.ts';
import { createEmbeddedBroker } from '../ingest/mqtt/createEmbeddedBroker.ts';
import { createHttpSender } from '../sim/senders/createHttpSender.ts';
import { createMqttSender } from '../sim/senders/createMqttSender.ts';
import type { ReadingSender } from '../sim/senders/types.ts';

/** Inputs of {@link benchTransportCeiling}. */
export type BenchTransportCeilingParameters = {
  transport: 'mqtt' | 'http';
  /** MQTT connections, or kept-alive HTTP sockets at most. */
  connections: number;
  /** Messages in flight at once. */
  inFlight: number;
  seconds: number;
  /** One device's encoded reading, sent over and over (it is never parsed). */
  message: { deviceId: string; bytes: Uint8Array };
};

/**
 * The transport alone: the gateway's embedded MQTT broker or its HTTP listener (the same code as in
 * service) in front of a pipeline that accepts every message at once, without parsing, verifying or
 * storing it, fed by `bench ingest`'s own senders in the same process. Its messages/s bound what the
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
    let senders: ReadingSender[];
    if (p.transport === 'mqtt') {
      const broker = createEmbeddedBroker({ pipeline, host: '127.0.0.1', port: 0 });
      await broker.start();
      stops.unshift(() => broker.stop());
      senders = await Promise.all(
        Array.from({ length: p.connections }, () => createMqttSender(`mqtt://127.0.0.1:${broker.port}`)),
      );
    } else {
      const http = createHttpServer({ app: buildApp({ pipeline, docs: false }), host: '127.0.0.1', port: 0 });
      await http.start();
      stops.unshift(() => http.stop());
      senders = [createHttpSender(http.url, { maxSockets: p.connections })];
    }
    stops.unshift(async () => {
      await Promise.all(senders.map((s) => s.close()));
    });
    let sent = 0;
    const t0 = performance.now();
    const deadline = t0 + p.seconds * 1000;
    await Promise.all(
      Array.from({ length: p.inFlight }, async (_, i) => {
        const sender = senders[i % senders.length]!;
        while (performance.now() < deadline) {
          const r = await sender.sendBytes('bench', p.message.deviceId, p.message.bytes);
          if (!r.ok) throw new Error(`transport ceiling: the ${p.transport} sender failed with ${r.code}`);
          sent++;
        }
      }),
    );
    return Math.round(sent / ((performance.now() - t0) / 1000));
  } finally {
    for (const stop of stops) await stop().catch(() => {});
  }
}
