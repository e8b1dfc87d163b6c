// Plain JavaScript so the sender thread (src/sim/senders/senderThread.js) can load it; typed by httpPost.d.ts.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * `POST /v1/observations` of encoded readings over kept-alive connections (`https://` verified against
 * `ca` when given): 202 means stored, anything
 * else carries the OperationOutcome's code (or `HTTP_<status>`, `NETWORK_<code>`). node:http rather
 * than `fetch`, whose per-request stream machinery costs several times the gateway's own work per
 * reading when both share a machine (the benchmark).
 */
export function createHttpPost(baseUrl, maxSockets = 64, ca = undefined) {
  const url = new URL('/v1/observations', baseUrl);
  const secure = url.protocol === 'https:';
  const agentOptions = { keepAlive: true, maxSockets, ...(secure && ca ? { ca } : {}) };
  const agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const request = secure ? httpsRequest : httpRequest;

  const post = (body) =>
    new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/fhir+json', 'content-length': body.byteLength },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  return {
    async sendBytes(body) {
      try {
        const { status, text } = await post(body);
        if (status === 202) return { ok: true };
        let outcome = {};
        try {
          outcome = JSON.parse(text);
        } catch {
          // Not an OperationOutcome: the status is all we have.
        }
        return { ok: false, code: outcome?.issue?.[0]?.details?.coding?.[0]?.code ?? `HTTP_${status}` };
      } catch (error) {
        return { ok: false, code: `NETWORK_${error?.code ?? 'ERROR'}` };
      }
    },
    close() {
      agent.destroy();
    },
  };
}
