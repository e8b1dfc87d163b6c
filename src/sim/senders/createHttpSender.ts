import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ReadingSender } from './types.ts';

/** Options of {@link createHttpSender}. */
export type CreateHttpSenderOptions = {
  /** Kept-alive connections to the gateway (default 64). */
  maxSockets?: number;
};

type OperationOutcomeBody = { issue?: { details?: { coding?: { code?: string }[] } }[] };

/**
 * Sends each reading as `POST /v1/observations`; 202 means stored, anything else carries a code.
 * Uses node:http with kept-alive connections rather than `fetch`, whose per-request stream machinery
 * cost several times the gateway's own work per reading when both share a process (the benchmark).
 */
export function createHttpSender(baseUrl: string, options: CreateHttpSenderOptions = {}): ReadingSender {
  const url = new URL('/v1/observations', baseUrl);
  const secure = url.protocol === 'https:';
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
  const agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const request = secure ? httpsRequest : httpRequest;

  const post = (body: Uint8Array) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/fhir+json',
            'content-length': body.byteLength,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const sendBytes: ReadingSender['sendBytes'] = async (_orgId, _deviceId, body) => {
    try {
      const { status, text } = await post(body);
      if (status === 202) return { ok: true };
      let outcome: OperationOutcomeBody = {};
      try {
        outcome = JSON.parse(text) as OperationOutcomeBody;
      } catch {
        // Not an OperationOutcome: the status is all we have.
      }
      return { ok: false, code: outcome.issue?.[0]?.details?.coding?.[0]?.code ?? `HTTP_${status}` };
    } catch (error) {
      return { ok: false, code: `NETWORK_${(error as { code?: string }).code ?? 'ERROR'}` };
    }
  };
  return {
    send: (orgId, reading) => sendBytes(orgId, reading.deviceId, Buffer.from(JSON.stringify(reading))),
    sendBytes,
    async close() {
      agent.destroy();
    },
  };
}
