import { Worker } from 'node:worker_threads';
import type { DeviceMqttCredentials } from '../../identity/index.ts';
import type { PacedResult, SaturateResult } from './driveSenders.js';

export type { PacedResult, SaturateResult } from './driveSenders.js';

/** One encoded reading as a simulated device sends it. */
export type ThreadMessage = {
  /** MQTT topic (ignored over HTTP). */
  topic: string;
  bytes: Uint8Array;
  /** Which of the thread's connections carries it (a device keeps to one). */
  connection: number;
};

/** Inputs of {@link createSenderThread}. */
export type CreateSenderThreadParameters = {
  transport: 'mqtt' | 'http';
  /** Broker URL (`mqtt://…`) or the gateway's base URL (`http://…`). */
  url: string;
  /** MQTT connections, or kept-alive HTTP sockets at most. */
  connections: number;
  /** MQTT: one connection per entry, as that device (username and connect token), instead of `connections`. */
  credentials?: readonly DeviceMqttCredentials[];
  /** CA certificate(s) to verify the gateway with (`mqtts://`, `https://`). */
  ca?: Buffer;
};

/** Simulated devices on a worker thread of their own (see senderThread.js). */
export type SenderThread = {
  /** Sends the messages, `inFlight` outstanding at a time, until all are sent or `seconds` passed. */
  saturate(
    messages: readonly ThreadMessage[],
    o: { inFlight: number; seconds: number },
  ): Promise<SaturateResult>;
  /** Sends the messages at `perSecond`; publish times are ms since the epoch. */
  paced(messages: readonly ThreadMessage[], perSecond: number): Promise<PacedResult>;
  /** Sends one message over and over for `seconds` (the transport alone). */
  repeat(message: ThreadMessage, o: { inFlight: number; seconds: number }): Promise<SaturateResult>;
  close(): Promise<void>;
};

const WORKER_URL = new URL('./senderThread.js', import.meta.url);

/** Packs messages into one transferable buffer, so handing tens of thousands over costs one copy. */
function pack(messages: readonly ThreadMessage[]) {
  const total = messages.reduce((n, m) => n + m.bytes.byteLength, 0);
  const bytes = new Uint8Array(total);
  const ends = new Uint32Array(messages.length);
  const connectionOf = new Uint32Array(messages.length);
  let at = 0;
  messages.forEach((m, i) => {
    bytes.set(m.bytes, at);
    at += m.bytes.byteLength;
    ends[i] = at;
    connectionOf[i] = m.connection;
  });
  return { buffer: bytes.buffer, ends, connectionOf, topics: messages.map((m) => m.topic) };
}

/**
 * Starts a worker thread holding `connections` MQTT clients or an HTTP agent and sending pre-encoded
 * readings to a gateway, so that the bench's devices do not run on the gateway's event loop. Resolves
 * once every connection is open.
 */
export async function createSenderThread(p: CreateSenderThreadParameters): Promise<SenderThread> {
  const worker = new Worker(WORKER_URL, { workerData: p });
  let nextId = 0;
  const calls = new Map<number, { resolve(r: unknown): void; reject(e: Error): void }>();
  let failed: Error | undefined;
  const fail = (error: Error) => {
    failed ??= error;
    for (const c of calls.values()) c.reject(error);
    calls.clear();
  };
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () => {
      worker.off('error', reject);
      resolve();
    });
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`the sender thread exited (${code})`)));
  worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const call = calls.get(m.id);
    calls.delete(m.id);
    if (m.error !== undefined) call?.reject(new Error(`sender thread: ${m.error}`));
    else call?.resolve(m.result);
  });
  const call = <T>(type: string, messages: readonly ThreadMessage[], extra: object): Promise<T> => {
    if (failed) return Promise.reject(failed);
    const id = nextId++;
    const packed = pack(messages);
    return new Promise<T>((resolve, reject) => {
      calls.set(id, { resolve: resolve as (r: unknown) => void, reject });
      worker.postMessage({ type, id, ...packed, ...extra }, [packed.buffer]);
    });
  };
  return {
    saturate: (messages, o) => call('saturate', messages, o),
    paced: (messages, perSecond) => call('paced', messages, { perSecond }),
    repeat: (message, o) => call('repeat', [message], o),
    async close() {
      if (!failed) await call('close', [], {});
      await worker.terminate();
    },
  };
}
