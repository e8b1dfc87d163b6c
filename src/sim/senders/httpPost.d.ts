import type { SendOutcome } from './types.ts';

/** `POST /v1/observations` over kept-alive connections (see httpPost.js). */
export function createHttpPost(
  baseUrl: string,
  maxSockets?: number,
  /** CA certificate(s) an `https://` gateway's certificate must chain to. */
  ca?: Buffer,
): { sendBytes(body: Uint8Array): Promise<SendOutcome>; close(): void };
