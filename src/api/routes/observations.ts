import type { IncomingMessage } from 'node:http';
import type { IngestPipeline } from '../../ingest/createIngestPipeline.ts';
import { REJECTION_CODES } from '../../ingest/rejectionCodes.ts';
import { MAX_MESSAGE_BYTES, TransportMessageSchema } from '../../ingest/schema.ts';
import type { VigilApp } from '../buildApp.ts';
import { IngestResultsSchema, OperationOutcomeSchema, withoutIds } from '../schemas.ts';
import { toOperationOutcome } from '../toOperationOutcome.ts';

/** Dependencies of the observations routes. */
export type ObservationRoutesOptions = { pipeline: Pick<IngestPipeline, 'submit'> };

/** The request body as the content-type parser hands it on: raw bytes, cut one byte past the limit. */
type RawBody = { bytes: Buffer; declaredBytes: number | undefined };

export const OBSERVATION_MEDIA_TYPES = ['application/json', 'application/fhir+json'];

/**
 * Reads at most `MAX_MESSAGE_BYTES + 1` bytes of the body: enough for the pipeline to see (and record)
 * an over-limit message without buffering it, so every too-large body is answered 413 and logged.
 */
function readCapped(payload: IncomingMessage): Promise<RawBody> {
  const declared = Number(payload.headers['content-length']);
  const declaredBytes = Number.isSafeInteger(declared) ? declared : undefined;
  const cap = MAX_MESSAGE_BYTES + 1;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      payload.off('data', onData);
      payload.off('end', finish);
      payload.off('error', reject);
      const bytes = Buffer.concat(chunks, Math.min(size, cap));
      resolve({ bytes, declaredBytes: declaredBytes ?? (size > cap ? size : undefined) });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      // Node discards the unread rest of the body once the response is sent.
      if (size >= cap) finish();
    };
    payload.on('data', onData);
    payload.on('end', finish);
    payload.on('error', reject);
  });
}

const MessageDoc = withoutIds(TransportMessageSchema);

/** `POST /v1/observations`: one signed reading or `{ readings: [...] }`, answered once durable. */
export async function observationRoutes(app: VigilApp, options: ObservationRoutesOptions): Promise<void> {
  const { pipeline } = options;
  // Encapsulated: only this plugin's routes see JSON bodies as raw bytes (ONE parse, in the pipeline).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(OBSERVATION_MEDIA_TYPES, (_request: unknown, payload: IncomingMessage) =>
    readCapped(payload),
  );

  app.post(
    '/v1/observations',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Submit signed vital-sign readings',
        description:
          'Body: one SignedReading or { readings: SignedReading[] } (1-500, at most 256 KiB), as ' +
          'application/json or application/fhir+json. 202: every reading stored. 207: a batch with ' +
          'rejected readings (the others are stored). Otherwise the rejection status with an ' +
          'OperationOutcome whose issue[0].details.coding[0].code is the rejection code.',
        consumes: OBSERVATION_MEDIA_TYPES,
        body: MessageDoc,
        response: {
          202: IngestResultsSchema,
          207: IngestResultsSchema,
          '4xx': OperationOutcomeSchema,
          '5xx': OperationOutcomeSchema,
        },
      },
      // The schema documents the body; the pipeline validates it (per reading, recording every rejection).
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      const raw = request.body as unknown as RawBody | undefined;
      const bytes = raw?.bytes ?? Buffer.alloc(0);
      const { rejection, results } = await pipeline.submit(bytes, { transport: 'http' });
      if (rejection) {
        const sized =
          rejection.code === 'VIGIL_MESSAGE_TOO_LARGE' && raw?.declaredBytes !== undefined
            ? { ...rejection, details: { ...rejection.details, bytes: raw.declaredBytes } }
            : rejection;
        const { statusCode, body } = toOperationOutcome(sized);
        return reply.code(statusCode).type('application/fhir+json').send(body);
      }
      if (results.every((r) => r.status === 'accepted')) return reply.code(202).send({ results });
      const only = results.length === 1 ? results[0] : undefined;
      if (only?.status === 'rejected') {
        const { statusCode, body } = toOperationOutcome({
          ok: false,
          code: only.code,
          message: only.message,
          ...(only.details ? { details: only.details } : {}),
        });
        return reply.code(statusCode).type('application/fhir+json').send(body);
      }
      return reply.code(207).send({ results });
    },
  );
}

/** HTTP status per rejection code, for the docs (same table as `REJECTION_CODES`). */
export const OBSERVATION_STATUS_BY_CODE = Object.fromEntries(
  Object.entries(REJECTION_CODES).map(([code, info]) => [code, info.httpStatus]),
);
