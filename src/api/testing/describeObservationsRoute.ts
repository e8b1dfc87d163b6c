import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REJECTION_CODES } from '../../ingest/rejectionCodes.ts';
import {
  bytesOf,
  createIngestHarness,
  type IngestHarness,
  type IngestHarnessOptions,
} from '../../ingest/testing/ingestHarness.ts';
import { REJECTION_SCENARIOS } from '../../ingest/testing/rejectionScenarios.ts';
import { buildApp, type VigilApp } from '../buildApp.ts';
import { VIGIL_CODE_SYSTEM } from '../toOperationOutcome.ts';

/**
 * The HTTP transport suite (every rejection reason with its recorded row, durability, batches,
 * revocation, shedding), run on SQLite and on PostgreSQL. `store()` gives fresh store options per harness.
 */
export function describeObservationsRoute(name: string, store: () => IngestHarnessOptions): void {
  let h: IngestHarness;
  let app: VigilApp;

  beforeAll(async () => {
    h = await createIngestHarness(store());
    app = buildApp({ pipeline: h.pipeline, docs: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  const post = (payload: Buffer, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: '/v1/observations',
      payload,
      headers: { 'content-type': contentType },
    });

  describe(`POST /v1/observations (${name})`, () => {
    it('answers 202 only once the reading is in the store', async () => {
      const d = h.device();
      const reading = d.sign({ kind: 'spo2', value: 97 });
      const res = await post(bytesOf(reading), 'application/fhir+json');
      expect(res.statusCode).toBe(202);
      const body = res.json();
      expect(body.results).toEqual([
        {
          status: 'accepted',
          index: 0,
          deviceId: d.deviceId,
          seq: 1,
          id: expect.any(String),
          quarantined: false,
        },
      ]);
      const stored = await h.store.getReading(body.results[0].id);
      expect(stored?.reading).toEqual(reading);
      expect(stored?.transport).toBe('http');
    });

    for (const s of REJECTION_SCENARIOS) {
      it(`rejects ${s.name} with ${s.code} and records it`, async () => {
        const { deviceId, messages } = s.build(h);
        for (const m of messages.slice(0, -1)) expect((await post(m)).statusCode).toBe(202);
        const before = await h.lastRejectionId();
        const res = await post(messages.at(-1)!);
        expect(res.statusCode).toBe(REJECTION_CODES[s.code].httpStatus);
        expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
        const body = res.json();
        expect(body.resourceType).toBe('OperationOutcome');
        expect(body.issue[0].details.coding[0]).toEqual({ system: VIGIL_CODE_SYSTEM, code: s.code });
        expect(body.issue[0].diagnostics).toEqual(expect.any(String));
        const rows = await h.rejectionsAfter(before);
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          code: s.code,
          transport: 'http',
          deviceId: s.blame === 'reading' ? deviceId : null,
        });
        expect(rows[0]!.payloadSize).toBeGreaterThan(0);
      });
    }

    it('every device-provoked rejection code has a scenario', () => {
      const covered = new Set(REJECTION_SCENARIOS.map((s) => s.code));
      const missing = Object.keys(REJECTION_CODES).filter(
        (c) => c !== 'VIGIL_OVERLOADED' && !covered.has(c as never),
      );
      expect(missing).toEqual([]);
    });

    it('reports the declared size of an over-limit body and records the rejection', async () => {
      const before = await h.lastRejectionId();
      const res = await post(Buffer.alloc(1024 * 1024, 0x20));
      expect(res.statusCode).toBe(413);
      expect(res.json().details).toMatchObject({ bytes: 1024 * 1024, limit: 256 * 1024 });
      const rows = await h.rejectionsAfter(before);
      expect(rows.map((r) => r.code)).toEqual(['VIGIL_MESSAGE_TOO_LARGE']);
    });

    it('stores the good readings of a batch and answers 207 naming the bad one', async () => {
      const d = h.device();
      const good1 = d.sign({ value: 70 });
      const bad = d.sign({ value: 400 });
      const good2 = d.sign({ value: 71 });
      const before = await h.lastRejectionId();
      const res = await post(bytesOf({ readings: [good1, bad, good2] }));
      expect(res.statusCode).toBe(207);
      const { results } = res.json();
      expect(results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
      expect(results[1]).toMatchObject({
        index: 1,
        code: 'VIGIL_READING_IMPLAUSIBLE',
        deviceId: d.deviceId,
        seq: 2,
      });
      for (const i of [0, 2]) expect((await h.store.getReading(results[i].id))?.reading?.seq).toBe(i + 1);
      const rows = await h.rejectionsAfter(before);
      expect(rows.map((r) => [r.code, r.seq])).toEqual([['VIGIL_READING_IMPLAUSIBLE', 2]]);
    });

    it('accepts a device before revocation and rejects it after', async () => {
      const d = h.device();
      expect((await post(bytesOf(d.sign()))).statusCode).toBe(202);
      h.directory.revoke(d.deviceId);
      const res = await post(bytesOf(d.sign()));
      expect(res.statusCode).toBe(403);
      expect(res.json().issue[0].details.coding[0].code).toBe('VIGIL_DEVICE_REVOKED');
    });

    it('answers 415 as an OperationOutcome for other media types', async () => {
      const res = await post(Buffer.from('hello'), 'text/plain');
      expect(res.statusCode).toBe(415);
      expect(res.json().issue[0].details.coding[0].code).toBe('VIGIL_UNSUPPORTED_MEDIA_TYPE');
    });

    it('treats an empty body as a malformed message', async () => {
      const res = await app.inject({ method: 'POST', url: '/v1/observations' });
      expect(res.statusCode).toBe(400);
      expect(res.json().issue[0].details.coding[0].code).toBe('VIGIL_MESSAGE_MALFORMED');
    });
  });

  describe(`POST /v1/observations when the gateway is saturated (${name})`, () => {
    it('sheds the message with 503 VIGIL_OVERLOADED and records it', async () => {
      const busy = await createIngestHarness({ ...store(), maxPending: 0 });
      const busyApp = buildApp({ pipeline: busy.pipeline, docs: false });
      try {
        const d = busy.device();
        const res = await busyApp.inject({
          method: 'POST',
          url: '/v1/observations',
          payload: bytesOf(d.sign()),
          headers: { 'content-type': 'application/json' },
        });
        expect(res.statusCode).toBe(503);
        expect(res.json().issue[0]).toMatchObject({ severity: 'fatal', code: 'transient' });
        expect((await busy.rejectionsAfter(0)).map((r) => r.code)).toEqual(['VIGIL_OVERLOADED']);
      } finally {
        await busyApp.close();
        await busy.close();
      }
    });
  });
}
