import { describe, expect, it } from 'vitest';
import { ProofNotAnchoredError, ReadingNotFoundError } from '../../integrity/errors.ts';
import type { ProofService } from '../../integrity/getProofDocument.ts';
import type { ProofDocument } from '../../integrity/proofDocumentSchema.ts';
import { buildApp } from '../buildApp.ts';

const h = (n: number) => `0x${n.toString(16).padStart(2, '0').repeat(32)}` as const;
const doc: ProofDocument = {
  type: 'vigil.inclusion-proof',
  version: 1,
  reading: {
    v: 1,
    deviceId: 'dev-1',
    seq: 1,
    observation: { resourceType: 'Observation' },
    sig: 'A'.repeat(86),
  },
  leafHash: h(1),
  leafIndex: 0,
  treeSize: 1,
  proof: [],
  root: h(1),
  batch: { gatewayId: 'gw-1', seq: 0, prevRoot: h(0), count: 1 },
  anchor: { chainId: 31337, contract: `0x${'ab'.repeat(20)}`, txHash: h(2), blockNumber: 3, blockHash: h(3) },
};

const proofs: ProofService = {
  async getProofDocument(id) {
    if (id === 'anchored') return doc;
    if (id === 'pending') throw new ProofNotAnchoredError('reading pending is not anchored yet');
    throw new ReadingNotFoundError(`no reading with id ${id}`);
  },
};
const app = () =>
  buildApp({
    pipeline: {
      submit: async () => ({ results: [] }),
      stats: () => ({ accepted: 0, rejected: 0, pending: 0 }),
    },
    proofs,
    docs: false,
  });

describe('GET /v1/observations/{id}/proof', () => {
  it('returns the proof document', async () => {
    const res = await app().inject({ method: 'GET', url: '/v1/observations/anchored/proof' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(doc);
  });

  it('answers 404 for an unknown reading and 409 VIGIL_PROOF_NOT_ANCHORED while pending', async () => {
    const a = app();
    const missing = await a.inject({ method: 'GET', url: '/v1/observations/nope/proof' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().issue[0].details.coding[0].code).toBe('VIGIL_READING_NOT_FOUND');
    const pending = await a.inject({ method: 'GET', url: '/v1/observations/pending/proof' });
    expect(pending.statusCode).toBe(409);
    expect(pending.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', details: { coding: [{ code: 'VIGIL_PROOF_NOT_ANCHORED' }] } }],
    });
  });
});
