// The simulated devices' side of `vigil bench ingest` over MQTT or HTTP, on its own thread so the
// gateway's event loop carries only the gateway's work (devices are other machines in service; here
// they still share this machine's cores). Plain JavaScript: worker threads do not load TypeScript.
// Driven by createSenderThread.ts.
import { randomBytes } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import mqtt from 'mqtt';
import { paced, saturate } from './driveSenders.js';
import { createHttpPost } from './httpPost.js';

const { transport, url, connections, credentials, ca } = workerData;

/** @type {(connection: number, topic: string, body: Uint8Array) => Promise<string | null>} */
let sendVia;
/** @type {() => Promise<void>} */
let closeAll;
if (transport === 'mqtt') {
  // Each connection is one device's, with the username and connect token computed by the caller (this
  // thread loads no TypeScript, so it cannot sign them itself).
  const clients = await Promise.all(
    Array.from({ length: credentials?.length ?? connections }, (_, i) =>
      mqtt.connectAsync(url, {
        clientId: `vigil-sim-${randomBytes(4).toString('hex')}`,
        ...credentials?.[i],
        ...(ca ? { ca } : {}),
        protocolVersion: 4,
        reconnectPeriod: 0,
        connectTimeout: 10_000,
      }),
    ),
  );
  // Devices' small publishes leave at once (no Nagle delay), as the broker's PUBACKs do.
  for (const c of clients) c.stream?.setNoDelay?.(true);
  sendVia = (connection, topic, body) =>
    clients[connection % clients.length]
      .publishAsync(topic, Buffer.from(body.buffer, body.byteOffset, body.byteLength), { qos: 1 })
      .then(
        () => null,
        (error) => `MQTT_${error?.code ?? 'ERROR'}`,
      );
  closeAll = async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
  };
} else {
  const post = createHttpPost(url, connections, ca);
  sendVia = (_connection, _topic, body) => post.sendBytes(body).then((r) => (r.ok ? null : r.code));
  closeAll = async () => post.close();
}

/** One batch of messages: bytes packed end to end, `ends[i]` where message i stops. */
function unpack({ buffer, ends, topics, connectionOf }) {
  const bytes = new Uint8Array(buffer);
  return (i) => sendVia(connectionOf[i], topics[i], bytes.subarray(i === 0 ? 0 : ends[i - 1], ends[i]));
}

parentPort.on('message', async (m) => {
  try {
    if (m.type === 'close') {
      await closeAll();
      parentPort.postMessage({ id: m.id, result: null });
    } else if (m.type === 'saturate') {
      const send = unpack(m);
      parentPort.postMessage({
        id: m.id,
        result: await saturate(send, m.ends.length, m.inFlight, m.seconds),
      });
    } else if (m.type === 'repeat') {
      // One message over and over, spread over the connections (the transport alone: it is never parsed).
      const body = new Uint8Array(m.buffer);
      let n = 0;
      const again = () => sendVia(n++, m.topics[0], body);
      const result = await saturate(again, Number.MAX_SAFE_INTEGER, m.inFlight, m.seconds);
      parentPort.postMessage({ id: m.id, result });
    } else if (m.type === 'paced') {
      const result = await paced(unpack(m), m.ends.length, m.perSecond);
      parentPort.postMessage({ id: m.id, result }, [result.publishedAt.buffer, result.durableMs.buffer]);
    }
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: String(error?.stack ?? error) });
  }
});
parentPort.postMessage({ ready: true });
