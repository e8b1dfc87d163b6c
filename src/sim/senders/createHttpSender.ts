import type { ReadingSender } from './types.ts';

/** Sends each reading as `POST /v1/observations`; 202 means stored, anything else carries a code. */
export function createHttpSender(baseUrl: string): ReadingSender {
  const url = new URL('/v1/observations', baseUrl).toString();
  return {
    async send(_orgId, reading) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/fhir+json' },
          body: JSON.stringify(reading),
        });
        const body = (await response.json().catch(() => ({}))) as {
          issue?: { details?: { coding?: { code?: string }[] } }[];
        };
        if (response.status === 202) return { ok: true };
        return { ok: false, code: body.issue?.[0]?.details?.coding?.[0]?.code ?? `HTTP_${response.status}` };
      } catch (error) {
        return {
          ok: false,
          code: `NETWORK_${(error as { cause?: { code?: string } }).cause?.code ?? 'ERROR'}`,
        };
      }
    },
    async close() {},
  };
}
