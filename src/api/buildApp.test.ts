import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VigilError } from '../errors/index.ts';
import { buildApp, type VigilApp } from './buildApp.ts';
import { VIGIL_CODE_SYSTEM } from './toOperationOutcome.ts';

const stats = { accepted: 3, rejected: 2, pending: 1 };
let app: VigilApp;

beforeAll(async () => {
  app = buildApp({
    pipeline: { stats: () => stats, submit: () => Promise.reject(new Error('not used')) },
  });
  // Test-only routes exercising the error handler.
  app.get('/t/validated', { schema: { querystring: Type.Object({ n: Type.Integer() }) } }, async () => 'ok');
  app.get('/t/vigil', async () => {
    throw new VigilError('VIGIL_LEDGER_UNAVAILABLE', 'chain down', { details: { attempts: 3 } });
  });
  app.get('/t/crash', async () => {
    throw new Error('patient Jane Doe heart rate 180');
  });
  await app.ready();
});
afterAll(() => app.close());

const codeOf = (body: { issue: { details: { coding: { code: string }[] } }[] }) =>
  body.issue[0]?.details.coding[0]?.code;

describe('buildApp', () => {
  it('reports liveness and pipeline counters on GET /health', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number), pipeline: stats });
  });

  it('answers unknown routes with a 404 OperationOutcome', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'not-found',
          details: {
            coding: [{ system: VIGIL_CODE_SYSTEM, code: 'VIGIL_NOT_FOUND' }],
            text: 'no route for GET /nope',
          },
          diagnostics: 'no route for GET /nope',
        },
      ],
    });
  });

  it('maps schema validation failures to 400 VIGIL_REQUEST_INVALID with the failing path', async () => {
    const res = await app.inject({ method: 'GET', url: '/t/validated?n=abc' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(codeOf(body)).toBe('VIGIL_REQUEST_INVALID');
    expect(body.issue[0].expression).toEqual(['/n']);
  });

  it('keeps the stable code of a VigilError that is not a rejection, as a 500', async () => {
    const res = await app.inject({ method: 'GET', url: '/t/vigil' });
    expect(res.statusCode).toBe(500);
    expect(codeOf(res.json())).toBe('VIGIL_LEDGER_UNAVAILABLE');
    expect(res.json().details).toEqual({ attempts: 3 });
  });

  it('hides the message of unexpected errors (they may hold patient data)', async () => {
    const res = await app.inject({ method: 'GET', url: '/t/crash' });
    expect(res.statusCode).toBe(500);
    expect(codeOf(res.json())).toBe('VIGIL_INTERNAL');
    expect(res.body).not.toContain('Jane');
  });

  it('publishes an OpenAPI document with the ingest route and its responses', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const op = doc.paths['/v1/observations'].post;
    expect(Object.keys(op.responses).sort()).toEqual(['202', '207', '4XX', '5XX']);
    expect(Object.keys(op.requestBody.content).sort()).toEqual(['application/fhir+json', 'application/json']);
    expect(doc.paths['/health'].get).toBeDefined();
  });
});
