import { Type } from '@sinclair/typebox';
import type { ProofService } from '../../integrity/getProofDocument.ts';
import { ProofDocumentSchema } from '../../integrity/proofDocumentSchema.ts';
import type { VigilApp } from '../buildApp.ts';
import { ApiError } from '../errors.ts';
import { OperationOutcomeSchema, withoutIds } from '../schemas.ts';

/** Dependencies of the proof route. */
export type ProofRoutesOptions = { proofs: ProofService };

/** HTTP status of each proof-service error code. */
const STATUS: Record<string, number> = {
  VIGIL_READING_NOT_FOUND: 404,
  VIGIL_PROOF_NOT_ANCHORED: 409,
  VIGIL_PROOF_READING_ERASED: 410,
};

/** `GET /v1/observations/{id}/proof`: the reading's inclusion-proof document (vigil.inclusion-proof v1). */
export async function proofRoutes(app: VigilApp, options: ProofRoutesOptions): Promise<void> {
  app.get(
    '/v1/observations/:id/proof',
    {
      schema: {
        tags: ['integrity'],
        summary: 'Inclusion proof of a stored reading',
        description:
          'The proof document: reading, leaf hash, RFC 6962 inclusion path, batch root, gateway id, seq, ' +
          'previous root, count, contract address, chain id, anchoring tx hash, block number and hash. ' +
          '404 VIGIL_READING_NOT_FOUND, 409 VIGIL_PROOF_NOT_ANCHORED while the batch is pending, ' +
          '410 VIGIL_PROOF_READING_ERASED after crypto-shredding. Check it with `vigil verify proof FILE`.',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: {
          200: withoutIds(ProofDocumentSchema),
          '4xx': OperationOutcomeSchema,
          '5xx': OperationOutcomeSchema,
        },
      },
    },
    async (request) => {
      try {
        return await options.proofs.getProofDocument(request.params.id);
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        const status = STATUS[code];
        if (status) throw new ApiError(code, status, (error as Error).message, { cause: error });
        throw error;
      }
    },
  );
}
