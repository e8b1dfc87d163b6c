import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import mqtt from 'mqtt';
import { createMqttIngest, type MqttIngest } from '../ingest/mqtt/createMqttIngest.ts';
import { readingsTopic } from '../ingest/mqtt/topics.ts';
import { bytesOf, createIngestHarness, type TestDevice } from '../ingest/testing/ingestHarness.ts';
import { buildApp } from './buildApp.ts';
import { createHttpServer } from './createHttpServer.ts';

/** Inputs of `benchIngestTransports`. */
export type BenchIngestTransportsParameters = {
  /** Readings per run (default 4000). */
  readings?: number;
  /** Simulated devices sending concurrently, one message in flight each (default 32). */
  devices?: number;
  /** Readings per message in the batched runs (default 50). */
  batchSize?: number;
  /** Also measure an external broker (e.g. mqtt://127.0.0.1:1883). */
  mqttUrl?: string;
  /** PostgreSQL URL for the store (SQLite in a temp dir otherwise). */
  databaseUrl?: string;
};

/** One measured run. */
export type TransportFigure = {
  transport: string;
  messages: number;
  readings: number;
  seconds: number;
  readingsPerSecond: number;
};

/** Figures and the machine they were measured on. */
export type BenchIngestTransportsReturnType = {
  machine: { cpus: number; model: string; node: string };
  runs: TransportFigure[];
};

type Sender = (deviceIndex: number, payload: Buffer) => Promise<void>;

async function drive(messages: Buffer[][], send: Sender): Promise<number> {
  const start = process.hrtime.bigint();
  await Promise.all(
    messages.map(async (queue, i) => {
      for (const m of queue) await send(i, m);
    }),
  );
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * End-to-end ingest throughput through each transport (real sockets, the real pipeline with its worker
 * pool and group commit, SQLite or PostgreSQL): every message is answered only once durable. Readings
 * are signed before timing starts, so the figures exclude the devices' own signing cost.
 */
export async function benchIngestTransports(
  p: BenchIngestTransportsParameters = {},
): Promise<BenchIngestTransportsReturnType> {
  const total = p.readings ?? 4000;
  const deviceCount = p.devices ?? 32;
  const batchSize = p.batchSize ?? 50;
  const h = await createIngestHarness({
    rate: { perSecond: 1e9, burst: 1e9 },
    ...(p.databaseUrl
      ? { databaseUrl: p.databaseUrl, pgSchema: `vigil_bench_${randomBytes(4).toString('hex')}` }
      : {}),
  });
  const runs: TransportFigure[] = [];
  const orgId = `bench-${randomBytes(3).toString('hex')}`;
  const devices: TestDevice[] = Array.from({ length: deviceCount }, () => h.device({ orgId }));
  const perDevice = Math.ceil(total / deviceCount);
  // Each run gets fresh seqs from the same devices (the pipeline rejects replays).
  const singles = () => devices.map((d) => Array.from({ length: perDevice }, () => bytesOf(d.sign())));
  const batches = () =>
    devices.map((d) =>
      Array.from({ length: Math.ceil(perDevice / batchSize) }, () =>
        bytesOf({ readings: Array.from({ length: batchSize }, () => d.sign()) }),
      ),
    );
  const record = async (transport: string, messages: Buffer[][], perMessage: number, send: Sender) => {
    const before = await h.store.countReadings();
    const seconds = await drive(messages, send);
    const stored = (await h.store.countReadings()) - before;
    const count = messages.reduce((n, q) => n + q.length, 0);
    if (stored !== count * perMessage)
      throw new Error(`${transport}: stored ${stored} of ${count * perMessage}`);
    runs.push({
      transport,
      messages: count,
      readings: stored,
      seconds,
      readingsPerSecond: Math.round(stored / seconds),
    });
  };

  try {
    // Baseline in the same run: the pipeline called directly, with the same concurrency.
    const direct: Sender = async (_i, m) => {
      const { rejection } = await h.pipeline.submit(m, { transport: 'http' });
      if (rejection) throw new Error(rejection.code);
    };
    await record('baseline: pipeline.submit, 1 reading/message', singles(), 1, direct);
    await record(`baseline: pipeline.submit, ${batchSize} readings/message`, batches(), batchSize, direct);

    const app = buildApp({ pipeline: h.pipeline, docs: false });
    const http = createHttpServer({ app, host: '127.0.0.1', port: 0 });
    await http.start();
    try {
      // node:http with keep-alive: undici's fetch costs ~3x more CPU per request in the same process.
      const agent = new Agent({ keepAlive: true, maxSockets: deviceCount });
      const post: Sender = (_i, body) =>
        new Promise<void>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port: http.port,
              path: '/v1/observations',
              method: 'POST',
              agent,
              headers: { 'content-type': 'application/json', 'content-length': body.length },
            },
            (res) => {
              res.resume();
              res.on('end', () =>
                res.statusCode === 202 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
              );
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      await record('http, 1 reading/message', singles(), 1, post);
      await record(`http, ${batchSize} readings/message`, batches(), batchSize, post);
      agent.destroy();
    } finally {
      await http.stop();
    }

    const mqttRun = async (name: string, ingest: MqttIngest, urlOf: () => string, protocolVersion: 4 | 5) => {
      await ingest.start();
      const url = urlOf();
      const clients = await Promise.all(
        devices.map((d) =>
          mqtt.connectAsync(url, {
            protocolVersion,
            reconnectPeriod: 0,
            // The embedded broker authenticates each device (an external test broker may ignore them).
            ...d.mqttCredentials(`bench-${orgId}-${d.deviceId}`),
          }),
        ),
      );
      try {
        // External brokers ack on receipt, so completion is measured by the store, polled.
        const publish: Sender = async (i, m) => {
          await clients[i]!.publishAsync(readingsTopic({ orgId, deviceId: devices[i]!.deviceId }), m, {
            qos: 1,
          });
        };
        for (const [label, messages, per] of [
          ['1 reading/message', singles(), 1],
          [`${batchSize} readings/message`, batches(), batchSize],
        ] as const) {
          const before = await h.store.countReadings();
          const expected = messages.reduce((n, q) => n + q.length, 0) * per;
          const start = process.hrtime.bigint();
          await drive(messages, publish);
          while ((await h.store.countReadings()) - before < expected)
            await new Promise((r) => setTimeout(r, 20));
          const seconds = Number(process.hrtime.bigint() - start) / 1e9;
          const count = messages.reduce((n, q) => n + q.length, 0);
          runs.push({
            transport: `${name}, ${label}`,
            messages: count,
            readings: expected,
            seconds,
            readingsPerSecond: Math.round(expected / seconds),
          });
        }
      } finally {
        await Promise.all(clients.map((c) => c.endAsync(true)));
        await ingest.stop();
      }
    };
    const embedded = createMqttIngest({
      pipeline: h.pipeline,
      devices: h.directory,
      config: { mqttUrl: undefined, mqttPort: 0, gatewayId: 'bench' },
    });
    await mqttRun('mqtt embedded aedes', embedded, () => `mqtt://127.0.0.1:${embedded.port}`, 4);
    if (p.mqttUrl) {
      await mqttRun(
        `mqtt external ${p.mqttUrl}`,
        createMqttIngest({
          pipeline: h.pipeline,
          devices: h.directory,
          config: { mqttUrl: p.mqttUrl, mqttPort: 0, gatewayId: 'bench' },
          external: {
            orgId,
            shareGroup: `bench-${orgId}`,
            clientIdPrefix: `bench-${orgId}`,
            sessionExpirySeconds: 30,
          },
        }),
        () => p.mqttUrl!,
        5,
      );
    }
  } finally {
    await h.close();
  }
  const cpu = cpus();
  return { machine: { cpus: cpu.length, model: cpu[0]?.model ?? 'unknown', node: process.version }, runs };
}
