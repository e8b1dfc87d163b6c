import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, listAudit } from '../../access/index.ts';
import { type AccessHarness, openAccessHarness } from '../../access/testing/accessHarness.ts';
import { createAlertService } from '../../clinical/alerts/createAlertService.ts';
import { ProofNotAnchoredError } from '../../integrity/errors.ts';
import { makeInput, makeReading } from '../../store/testing/fixtures.ts';
import { buildApp, type VigilApp } from '../buildApp.ts';

let h: AccessHarness;
let app: VigilApp;
const tokens: Record<string, string> = {};
const PASSWORD = 'correct horse battery';
const get = (user: string, url: string) =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[user]}` } });

beforeAll(async () => {
  h = await openAccessHarness();
  const alerts = createAlertService({ now: () => 1_000_000 });
  alerts.monitor.observe({
    patient: 'p-1',
    deviceId: 'p-1-mon',
    time: 0,
    values: { heartRate: 80, respiratoryRate: 16, systolic: 120, diastolic: 70, temperature: 36.8 },
    quarantined: false,
  });
  app = buildApp({
    pipeline: {
      submit: async () => ({ results: [] }),
      stats: () => ({ accepted: 0, rejected: 0, pending: 0 }),
    },
    alerts,
    proofs: {
      getProofDocument: async () => {
        throw new ProofNotAnchoredError('not anchored yet');
      },
    },
    access: { service: h.access, store: h.store },
    docs: false,
  });
  await createUser(h.access.db, { username: 'pat', role: 'patient', password: PASSWORD, patient: 'p-1' });
  await createUser(h.access.db, {
    username: 'ana',
    role: 'clinician',
    password: PASSWORD,
    organisation: 'org-1',
  });
  for (const username of ['pat', 'ana']) {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username, password: PASSWORD },
    });
    tokens[username] = r.json().access_token;
  }
}, 60_000);
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('alert routes behind access checks', () => {
  it('requires a bearer token', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/Flag?patient=p-1' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/v1/Patient/p-1/$live' })).statusCode).toBe(401);
  });

  it('lets a patient see their own live view and alerts, and nobody else', async () => {
    const live = await get('pat', '/v1/Patient/p-1/$live');
    expect(live.statusCode).toBe(200);
    expect(live.json().patient).toBe('p-1');
    expect((await get('pat', '/v1/Flag')).statusCode).toBe(200);
    const [entry] = await listAudit(h.access.db, { limit: 1 });
    expect(entry).toMatchObject({ actor: 'pat', patient: 'p-1', resource: 'Flag', outcome: 'allowed' });
    expect((await get('pat', '/v1/Patient/p-2/$live')).statusCode).toBe(403);
  });

  it('needs read:alerts consent for a clinician to search Flags, and a patient to name', async () => {
    expect((await get('ana', '/v1/Flag')).statusCode).toBe(400);
    const denied = await get('ana', '/v1/Flag?patient=p-1');
    expect(denied.statusCode).toBe(403);
    await h.access.consent.grant({
      patient: 'p-1',
      grantee: 'clin-ana',
      scope: 'read:alerts',
      expiresAt: Date.now() + 3600_000,
    });
    expect((await get('ana', '/v1/Flag?patient=p-1')).statusCode).toBe(200);
    // read:alerts does not open the live vitals view
    expect((await get('ana', '/v1/Patient/p-1/$live')).statusCode).toBe(403);
    const [entry] = await listAudit(h.access.db, { limit: 1 });
    expect(entry).toMatchObject({
      actor: 'ana',
      resource: 'Patient/$live',
      outcome: 'denied',
      reason: 'no live consent for read:vitals',
    });
  });
});

describe('proof route behind access checks', () => {
  it('serves a proof (which holds the reading) only to who may read the patient', async () => {
    await h.store.insertReadings([makeInput(makeReading('dev-9', 0, 'p-1'))]);
    const [reading] = await h.store.listReadings({ patient: 'p-1', limit: 1 });
    const url = `/v1/observations/${reading!.id}/proof`;
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect((await get('pat', url)).statusCode).toBe(409);
    expect((await get('ana', url)).statusCode).toBe(403);
    const [entry] = await listAudit(h.access.db, { limit: 1 });
    expect(entry).toMatchObject({ actor: 'ana', resource: 'Observation/$proof', outcome: 'denied' });
  });
});
