import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultVerifyWorkers, loadConfig } from '../config/index.ts';
import { createGateway } from '../gateway/createGateway.ts';
import {
  type DeviceKeyPair,
  deviceMqttCredentials,
  exportPublicKeySec1,
  generateDeviceKeyPair,
  signReading,
  toBytes32Id,
} from '../identity/index.ts';
import { ensureOrganisation, registerDevice } from '../identity/registerDevice.ts';
import { benchRawVerify } from '../ingest/benchRawVerify.ts';
import { buildObservation } from '../ingest/buildObservation.ts';
import { type AcceptedReading, createIngestPipeline } from '../ingest/createIngestPipeline.ts';
import type { DirectoryDevice } from '../ingest/deviceDirectory.ts';
import { readingsTopic } from '../ingest/mqtt/topics.ts';
import { createVerifyPool } from '../ingest/verifyPool.ts';
import { type ChainContext, createLedger, ensureDeployed, writeContract } from '../ledger/index.ts';
import { createSenderThread, type ThreadMessage } from '../sim/senders/createSenderThread.ts';
import { type PacedResult, paced, type SaturateResult, saturate } from '../sim/senders/driveSenders.js';
import { openStore, type Store } from '../store/index.ts';
import { benchTransportCeiling } from './benchTransportCeiling.ts';
import { createAnchorer } from './createAnchorer.ts';
import { createBatcher } from './createBatcher.ts';
import { toHex32 } from './hex.ts';
import { leafHash } from './leafHash.ts';
import { withMerkleLeafHashes } from './withMerkleLeafHashes.ts';

/** Parameters of {@link benchIngest}. */
export type BenchIngestParameters = {
  /** Seconds of the sustained phase (the half-rate latency phase and the baseline run about as long). */
  seconds?: number;
  devices?: number;
  /** Verification workers (default: the gateway's, cores - 1 and at least 1). */
  workers?: number;
  batchSize?: number;
  batchIntervalMs?: number;
  /** How readings enter: `pipeline.submit` directly, or the real gateway over HTTP or MQTT. */
  transport?: 'pipeline' | 'http' | 'mqtt';
  /**
   * Readings a device sends per message (default 1): more makes each message a `{ readings: [...] }`
   * batch of the device's consecutive readings, as a device that uploads what it buffered does.
   */
  readingsPerMessage?: number;
  log?: (line: string) => void;
};

/** Figures of one run (see docs/integrity.md). */
export type BenchIngestReturnType = {
  transport: 'pipeline' | 'http' | 'mqtt';
  readingsPerMessage: number;
  readingsPerSecond: number;
  rawVerifyPerSecond: number;
  ratioToRawVerify: number;
  /** Raw verify rate with one worker per core (the machine's ceiling), when `workers` is fewer. */
  rawVerifyAllCoresPerSecond: number;
  /**
   * MQTT/HTTP: readings/s of the transport alone (listener, senders and acknowledgements, no parsing,
   * verification or storage; messages/s times readings per message): the most the whole path could
   * reach through it here. Null for `pipeline`.
   */
  transportCeilingPerSecond: number | null;
  /** Readings the gateway refused in the sustained phase (0 unless something is wrong). */
  readingsRefused: number;
  /**
   * CPU time of the whole process (every thread: event loop, verify workers, SQLite writer, the bench's
   * sender thread, V8's own threads) per reading stored in the sustained phase, in µs. Steadier than
   * the rates on a shared machine; the raw signature check alone is 1e6 / rawVerifyPerSecond of it.
   */
  cpuMicrosPerReading: number;
  /** Seconds after the sustained phase until every reading it stored was batched and anchored. */
  backlogDrainSeconds: number;
  perReadingTxPerSecond: number;
  speedupVsPerReadingTx: number;
  /** Publish → durable (submit resolved) at half the sustained rate. */
  p50Ms: number;
  p99Ms: number;
  /** Publish → anchored (batch tx mined and recorded) at half the sustained rate. */
  p50AnchoredMs: number;
  p99AnchoredMs: number;
  /** Latency-phase messages never seen anchored (stored and anchored in time: 0 unless something is wrong). */
  latencyMessagesUnanchored: number;
  readingsStored: number;
  batchesAnchored: number;
  workers: number;
  cores: number;
  cpu: string;
  node: string;
  loadAverage: number;
};

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/**
 * `vigil bench ingest`: in one run, (a) the raw P-256 verify rate of the worker pool, (b) sustained
 * end-to-end signed readings/s (verify → store → batch → anchor on the embedded chain) from pre-signed
 * readings of many simulated devices, (c) latency publish → durable and → anchored at half that rate,
 * (d) a baseline of one DataAnchor transaction per reading on the same chain.
 * Readings enter through `pipeline.submit` (one reading per message), not a network transport.
 */
export async function benchIngest(p: BenchIngestParameters = {}): Promise<BenchIngestReturnType> {
  const seconds = p.seconds ?? 5;
  const nDevices = p.devices ?? 500;
  const perMessage = Math.max(1, Math.floor(p.readingsPerMessage ?? 1));
  const workers = p.workers ?? defaultVerifyWorkers();
  const log = p.log ?? (() => {});

  log('(a) raw verify rate of the pool');
  const raw = await benchRawVerify({ seconds: Math.min(3, seconds), workers });
  const rawVerifyPerSecond = Math.round(raw.poolPerSec);
  log(`    ${rawVerifyPerSecond.toLocaleString('en')} verifies/s with ${workers} workers`);
  const cores = availableParallelism();
  let rawVerifyAllCoresPerSecond = rawVerifyPerSecond;
  if (workers < cores) {
    const all = await benchRawVerify({ seconds: Math.min(3, seconds), workers: cores });
    rawVerifyAllCoresPerSecond = Math.round(all.poolPerSec);
    log(
      `    ${rawVerifyAllCoresPerSecond.toLocaleString('en')} verifies/s with one worker per core (${cores})`,
    );
  }

  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-ingest-'));
  const transport = p.transport ?? 'pipeline';
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const keys = Array.from({ length: nDevices }, (_, i) => {
      const pair = generateDeviceKeyPair();
      return { deviceId: `bd-${i}`, patient: `bp-${i}`, pair };
    });
    const seqs = new Array<number>(nDevices).fill(0);
    // Each device measures every 100 ms from a minute ago: its readings' effective times rise steadily
    // and stay in the past (a run sends a few hundred per device).
    const epoch = Date.now() - 60_000;
    // Device d's next reading.
    const signNext = (d: number, k: (typeof keys)[number]) => {
      const seq = ++seqs[d]!;
      return signReading(k.pair.privateKey, {
        v: 1,
        deviceId: k.deviceId,
        seq,
        observation: buildObservation({
          kind: 'heartRate',
          // A resting heart rate drifting slowly with beat-to-beat variation, as a patient's does: a
          // sawtooth, repeated values or one timestamp would look like a faulty sensor and put every
          // device under artefact alerts and trust penalties, work a ward does not see.
          value: Math.round((62 + (d % 25) + 6 * Math.sin(seq / 15) + 0.7 * Math.sin(seq * 2.3)) * 10) / 10,
          deviceId: k.deviceId,
          patient: k.patient,
          effectiveAt: epoch + seq * 100,
        }),
      });
    };
    // `count` readings in messages of `perMessage` consecutive readings of one device, devices in turn.
    const presign = (count: number, start: number): BenchMessage[] => {
      const out: BenchMessage[] = [];
      for (let i = 0; i * perMessage < count; i++) {
        const d = (start + i) % nDevices;
        const k = keys[d]!;
        const n = Math.min(perMessage, count - i * perMessage);
        const seq = seqs[d]!;
        const readings = Array.from({ length: n }, () => signNext(d, k));
        // Devices send bytes: encode them here, outside the timed phases, as a device would have. Only
        // the bytes are kept: tens of thousands of parsed readings on the heap would make the gateway's
        // own garbage collection slower than it is in service.
        const bytes = Buffer.from(JSON.stringify(n === 1 && perMessage === 1 ? readings[0] : { readings }));
        out.push({ device: d, deviceId: k.deviceId, seq, count: n, bytes });
      }
      return out;
    };
    // Gives back the sequence numbers (and times) of messages never sent.
    const unsend = (messages: readonly BenchMessage[]) => {
      for (const m of messages) seqs[m.device]! -= m.count;
    };

    // The transport alone, on the same senders and in-flight count as the sustained phase. About the
    // same number of readings is outstanding whatever the message size.
    const inFlight = Math.ceil(IN_FLIGHT / perMessage);
    let transportCeilingPerSecond: number | null = null;
    if (transport !== 'pipeline') {
      log(`(a') ${transport} alone: the gateway's listener in front of a pipeline that accepts at once`);
      // Never sent to the gateway: its sequence number goes back to the device.
      const probe = presign(perMessage, 0)[0]!;
      unsend([probe]);
      const messagesPerSecond = await benchTransportCeiling({
        transport,
        // One connection per device, as devices each hold their own in a ward (over MQTT the broker
        // authenticates each connection as one device); over HTTP kept-alive sockets at most.
        connections: nDevices,
        inFlight,
        seconds: Math.min(3, seconds),
        message: { ...probe, privateKey: keys[probe.device]!.pair.privateKey },
      });
      transportCeilingPerSecond = messagesPerSecond * perMessage;
      log(
        `    ${messagesPerSecond.toLocaleString('en')} messages/s${perMessage > 1 ? ` (${transportCeilingPerSecond.toLocaleString('en')} readings/s)` : ''}`,
      );
    }
    // Latency phase: where each reading was stored (device#seq → position) and when a poll first saw
    // that position's batch anchored (this thread's performance.now()).
    const positionOf = new Map<string, number>();
    const awaitingAnchor = new Set<number>();
    const anchoredAt = new Map<number, number>();
    let measureAnchored = false;
    const onAccepted = (accepted: AcceptedReading[]) => {
      if (!measureAnchored) return;
      for (const a of accepted) {
        positionOf.set(`${a.reading.deviceId}#${a.reading.seq}`, a.pos);
        awaitingAnchor.add(a.pos);
      }
    };
    const target = await startTarget({
      transport,
      dir,
      keys,
      workers,
      onAccepted,
      batchSize: p.batchSize,
      batchIntervalMs: p.batchIntervalMs,
      log,
    });
    stops.push(() => target.stop());
    const { store, chain } = target;
    // Publish → anchored: a reading counts as anchored when a poll sees its batch marked anchored.
    let anchoredSeen = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        // Only while readings await their anchor: the sustained phase must not pay for the bench's polls.
        if (awaitingAnchor.size === 0) {
          await new Promise((r) => setTimeout(r, 25));
          continue;
        }
        const batches = await store.listBatches({ status: 'anchored', limit: 1e6 }).catch(() => []);
        const now = performance.now();
        for (const b of batches.slice(anchoredSeen)) {
          for (let pos = b.firstPos; pos <= b.lastPos; pos++) {
            if (awaitingAnchor.delete(pos)) anchoredAt.set(pos, now);
          }
        }
        anchoredSeen = Math.max(anchoredSeen, batches.length);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    stops.unshift(async () => {
      polling = false;
      await poller;
    });
    // Warm-up (JIT, key caches, SQLite pages).
    await target.saturate(presign(2000, 0), inFlight, 60);

    log(
      `(b) sustained rate, ${nDevices} devices, ${seconds} s${perMessage > 1 ? `, ${perMessage} readings per message` : ''}`,
    );
    const total = Math.ceil(Math.max(2000, rawVerifyPerSecond * 1.1) * seconds);
    log(`    pre-signing ${total.toLocaleString('en')} readings`);
    const storedBefore = await store.countReadings();
    const presigned = presign(total, 0);
    const cpu0 = process.cpuUsage();
    const sustained = await target.saturate(presigned, inFlight, seconds);
    const cpu = process.cpuUsage(cpu0);
    // Readings left unsent at the deadline never happened: the devices' next readings take their
    // sequence numbers (and times), so no device shows a gap the gateway would flag.
    unsend(presigned.slice(sustained.sent));
    const sent = presigned.slice(0, sustained.sent).reduce((n, m) => n + m.count, 0);
    presigned.length = 0;
    // Counted in the store: MQTT 3.1.1 acknowledges refused readings too (the reason goes to the results
    // topic). Every acknowledged reading is durable, so the count is complete once saturate returns.
    const stored = (await store.countReadings()) - storedBefore;
    if (stored < sent) log(`    ${sent - stored} readings refused`);
    const readingsPerSecond = Math.round(stored / sustained.seconds);
    log(
      `    ${readingsPerSecond.toLocaleString('en')} readings/s stored (${stored} in ${sustained.seconds.toFixed(2)} s)`,
    );

    // The saturation phase leaves a backlog of readings to batch and anchor; latency is measured in the
    // steady state at half rate, so wait for that backlog to drain first (and report how long it took).
    const s0 = performance.now();
    const settleUntil = s0 + 60_000;
    while (performance.now() < settleUntil) {
      const unbatched = await store.getUnbatchedReadings({ limit: 1 });
      const pendingBatches = await store.listBatches({ status: 'pending', limit: 1 });
      if (unbatched.length === 0 && pendingBatches.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const backlogDrainSeconds = Math.round((performance.now() - s0) / 100) / 10;
    log(`    backlog batched and anchored ${backlogDrainSeconds} s after the sustained phase`);

    log('(c) latency at half the sustained rate');
    const half = Math.max(1, Math.floor(readingsPerSecond / 2));
    const latSeconds = Math.max(2, Math.min(seconds, 5));
    const latencyMessages = presign(half * latSeconds, 0);
    // Signing held this thread for a second or more, starving the gateway's timers (batcher, anchorer,
    // trust commits, sweeps) that share it; let them catch up for one batch interval so the phase
    // starts from the steady state, not from the bench's own stall.
    await new Promise((r) => setTimeout(r, (p.batchIntervalMs ?? 1000) + 500));
    measureAnchored = true;
    const timed = await target.paced(latencyMessages, half / perMessage);
    const settleBy = performance.now() + (p.batchIntervalMs ?? 1000) + 10_000;
    while (awaitingAnchor.size > 0 && performance.now() < settleBy)
      await new Promise((r) => setTimeout(r, 50));
    measureAnchored = false;
    const durable = Array.from(timed.durableMs);
    const anchoredLatency: number[] = [];
    latencyMessages.forEach((m, i) => {
      // A message is anchored with its last reading (positions rise within a message).
      const pos = positionOf.get(`${m.deviceId}#${m.seq + m.count}`);
      const at = pos === undefined ? undefined : anchoredAt.get(pos);
      // Publish times are ms since the epoch (the senders may run on another thread).
      if (at !== undefined) anchoredLatency.push(at - (timed.publishedAt[i]! - performance.timeOrigin));
    });
    log(
      `    durable p50 ${pct(durable, 50).toFixed(1)} ms p99 ${pct(durable, 99).toFixed(1)} ms; anchored p99 ${pct(anchoredLatency, 99).toFixed(0)} ms`,
    );

    log('(d) baseline: one anchorBatch transaction per reading');
    const gw = toBytes32Id('bench-per-reading');
    let prev = `0x${'00'.repeat(32)}` as `0x${string}`;
    let txs = 0;
    const b0 = performance.now();
    const bEnd = b0 + Math.min(seconds, 3) * 1000;
    while (performance.now() < bEnd) {
      const root = toHex32(leafHash(`reading ${txs}`));
      await writeContract(chain, 'dataAnchor', 'anchorBatch', [gw, BigInt(txs), root, prev, 1]);
      prev = root;
      txs++;
    }
    const perReadingTxPerSecond = Math.round((txs / (performance.now() - b0)) * 1000 * 10) / 10;
    log(`    ${perReadingTxPerSecond} tx/s`);
    const batches = await store.listBatches({ status: 'anchored', limit: 1e6 });
    return {
      transport,
      readingsPerMessage: perMessage,
      readingsPerSecond,
      rawVerifyPerSecond,
      ratioToRawVerify: Math.round((readingsPerSecond / rawVerifyPerSecond) * 100) / 100,
      rawVerifyAllCoresPerSecond,
      transportCeilingPerSecond,
      readingsRefused: sent - stored,
      cpuMicrosPerReading: Math.round((cpu.user + cpu.system) / Math.max(1, stored)),
      backlogDrainSeconds,
      perReadingTxPerSecond,
      speedupVsPerReadingTx: Math.round((readingsPerSecond / perReadingTxPerSecond) * 10) / 10,
      p50Ms: Math.round(pct(durable, 50) * 10) / 10,
      p99Ms: Math.round(pct(durable, 99) * 10) / 10,
      p50AnchoredMs: Math.round(pct(anchoredLatency, 50)),
      p99AnchoredMs: Math.round(pct(anchoredLatency, 99)),
      latencyMessagesUnanchored: latencyMessages.length - anchoredLatency.length,
      readingsStored: await store.countReadings(),
      batchesAnchored: batches.length,
      workers,
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    };
  } finally {
    for (const stop of stops) await stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A device's message of `count` pre-signed readings, seqs `seq + 1` … `seq + count`, as it sends it. */
type BenchMessage = { device: number; deviceId: string; seq: number; count: number; bytes: Buffer };

/** Readings outstanding at once in the sustained phase (about 8 per device connection with the default 500 devices). */
const IN_FLIGHT = 4096;

/** Readings as the sender thread takes them: device i keeps to connection i (modulo their number). */
function threadMessages(messages: readonly BenchMessage[]): ThreadMessage[] {
  return messages.map((m) => ({
    topic: readingsTopic({ orgId: 'bench', deviceId: m.deviceId }),
    bytes: m.bytes,
    connection: m.device,
  }));
}

type Target = {
  store: Store;
  chain: ChainContext;
  /** Sends the readings, `inFlight` outstanding at a time, until all are sent or `seconds` passed. */
  saturate(messages: BenchMessage[], inFlight: number, seconds: number): Promise<SaturateResult>;
  /** Sends the readings at `perSecond`; publish times in ms since the epoch. */
  paced(messages: BenchMessage[], perSecond: number): Promise<PacedResult>;
  stop(): Promise<void>;
};

type StartTargetParameters = {
  transport: 'pipeline' | 'http' | 'mqtt';
  dir: string;
  keys: { deviceId: string; patient: string; pair: DeviceKeyPair }[];
  workers: number;
  onAccepted: (accepted: AcceptedReading[]) => void;
  batchSize: number | undefined;
  batchIntervalMs: number | undefined;
  log: (line: string) => void;
};

/**
 * `pipeline`: store, verify pool, pipeline, batcher and anchorer composed here, devices in a static
 * directory. `http` / `mqtt`: the real gateway (`createGateway`) with devices registered on chain, fed
 * over its HTTP listener or its embedded MQTT broker (QoS 1, PUBACK once durable).
 */
async function startTarget(p: StartTargetParameters): Promise<Target> {
  if (p.transport === 'pipeline') {
    const ledger = await createLedger({
      dataDir: p.dir,
      chain: { mode: 'embedded', chainId: 31337, rpcUrl: undefined, privateKey: undefined },
    });
    const store = withMerkleLeafHashes(
      await openStore({ dataDir: p.dir, masterKey: '42'.repeat(32), gatewayId: 'bench-gw' }),
    );
    const verifyPool = createVerifyPool({ size: p.workers });
    const chain = await ensureDeployed(ledger);
    const devices = new Map<string, DirectoryDevice>(
      p.keys.map((k) => [
        k.deviceId,
        {
          deviceId: k.deviceId,
          orgId: 'bench',
          kind: 'hr',
          patient: k.patient,
          publicKey: exportPublicKeySec1(k.pair.publicKey),
          status: 'active',
          quarantined: false,
        },
      ]),
    );
    const pipeline = createIngestPipeline({
      store,
      devices: { get: (id) => devices.get(id) },
      verifyPool,
      // The bench measures throughput, not the per-device rate limit.
      rate: { perSecond: 1e9, burst: 1e9 },
      maxPending: 1e6,
      onAccepted: p.onAccepted,
    });
    const batcher = createBatcher({
      store,
      size: p.batchSize ?? 1000,
      intervalMs: p.batchIntervalMs ?? 1000,
    });
    const anchorer = createAnchorer({ store, chain, pollMs: 20 });
    await batcher.start();
    await anchorer.start();
    const submitOne = async (message: BenchMessage) => {
      const r = await pipeline.submit(message.bytes, { transport: 'http' });
      const first = r.results[0];
      return first?.status === 'accepted' ? null : (r.rejection?.code ?? first?.code ?? 'unknown');
    };
    return {
      store,
      chain,
      saturate: (messages, inFlight, seconds) =>
        saturate((i) => submitOne(messages[i]!), messages.length, inFlight, seconds),
      paced: (messages, perSecond) => paced((i) => submitOne(messages[i]!), messages.length, perSecond),
      async stop() {
        await batcher.stop();
        await anchorer.stop();
        await pipeline.drain();
        await verifyPool.stop();
        await store.close();
        await ledger.stop();
      },
    };
  }
  const httpPort = await freePort();
  const mqttPort = await freePort();
  const config = loadConfig(
    { dataDir: p.dir, gatewayId: 'bench-gw', httpPort, mqttPort, verifyWorkers: p.workers },
    {},
  );
  const gateway = await createGateway(
    { ...config, masterKey: '42'.repeat(32) },
    {
      onAccepted: p.onAccepted,
      batch: { size: p.batchSize ?? 1000, intervalMs: p.batchIntervalMs ?? 1000 },
      onError: () => {},
    },
  );
  try {
    p.log(`    registering ${p.keys.length} devices on chain`);
    await ensureOrganisation(gateway.chain, 'bench');
    for (const k of p.keys) {
      await registerDevice(gateway.chain, {
        deviceId: k.deviceId,
        orgId: 'bench',
        kind: 'hr',
        patient: k.patient,
        publicKey: exportPublicKeySec1(k.pair.publicKey),
      });
    }
    const last = p.keys[p.keys.length - 1]!.deviceId;
    const until = Date.now() + 30_000;
    while (!gateway.devices.get(last) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    // The devices run on a thread of their own, as they are other machines in service.
    const senders = await createSenderThread({
      transport: p.transport,
      url: p.transport === 'http' ? `http://127.0.0.1:${gateway.http.port}` : `mqtt://127.0.0.1:${mqttPort}`,
      connections: p.keys.length,
      // Device i holds connection i, signed in with its own connect token.
      ...(p.transport === 'mqtt'
        ? { credentials: p.keys.map((k) => deviceMqttCredentials(k.pair.privateKey, k.deviceId)) }
        : {}),
    });
    return {
      store: gateway.store,
      chain: gateway.chain,
      saturate: (messages, inFlight, seconds) =>
        senders.saturate(threadMessages(messages), { inFlight, seconds }),
      paced: (messages, perSecond) => senders.paced(threadMessages(messages), perSecond),
      async stop() {
        await senders.close();
        await gateway.stop();
      },
    };
  } catch (error) {
    await gateway.stop();
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
