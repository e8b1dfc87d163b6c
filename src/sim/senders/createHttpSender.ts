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

  const post = (body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/fhir+json',
            'content-length': Buffer.byteLength(body),
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

  return {
    async send(_orgId, reading) {
      try {
        const { status, text } = await post(JSON.stringify(reading));
        if (status === 202) return { ok: true };
        let body: OperationOutcomeBody = {};
        try {
          body = JSON.parse(text) as OperationOutcomeBody;
        } catch {
          // Not an OperationOutcome: the status is all we have.
        }
        return { ok: false, code: body.issue?.[0]?.details?.coding?.[0]?.code ?? `HTTP_${status}` };
      } catch (error) {
        return { ok: false, code: `NETWORK_${(error as { code?: string }).code ?? 'ERROR'}` };
      }
    },
    async close() {
      agent.destroy();
    },
  };
}
