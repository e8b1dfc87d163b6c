import { createHttpPost } from './httpPost.js';
import type { ReadingSender } from './types.ts';

/** Options of {@link createHttpSender}. */
export type CreateHttpSenderOptions = {
  /** Kept-alive connections to the gateway (default 64). */
  maxSockets?: number;
  /** CA certificate(s) an `https://` gateway's certificate must chain to. */
  ca?: Buffer | undefined;
};

/** Sends each reading as `POST /v1/observations`; 202 means stored, anything else carries a code. */
export function createHttpSender(baseUrl: string, options: CreateHttpSenderOptions = {}): ReadingSender {
  const post = createHttpPost(baseUrl, options.maxSockets ?? 64, options.ca);
  return {
    send: (_orgId, reading) => post.sendBytes(Buffer.from(JSON.stringify(reading))),
    sendBytes: (_orgId, _deviceId, body) => post.sendBytes(body),
    async close() {
      post.close();
    },
  };
}
