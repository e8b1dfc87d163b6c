import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceTime } from '../../../test/support/time.ts';
import { createUser, listAudit } from '../../access/index.ts';
import { type AccessHarness, openAccessHarness } from '../../access/testing/accessHarness.ts';
import { makeInput, makeReading } from '../../store/testing/fixtures.ts';
import { buildApp, type VigilApp } from '../buildApp.ts';

let h: AccessHarness;
let app: VigilApp;
const PASSWORD = 'correct horse battery';
const tokens: Record<string, string> = {};

async function login(username: string, password = PASSWORD) {
  return app.inject({ method: 'POST', url: '/v1/auth/token', payload: { username, password } });
}
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });
const get = (user: string, url: string) => app.inject({ method: 'GET', url, headers: as(user) });
const codeOf = (r: { json(): unknown }) =>
  (r.json() as { issue: { details: { coding: { code: string }[] } }[] }).issue[0]!.details.coding[0]!.code;
async function lastAudit() {
  const [e] = await listAudit(h.access.db, { limit: 1 });
  return e!;
}
const inOneHour = () => new Date(Date.now() + 3600_000).toISOString();

beforeAll(async () => {
  h = await openAccessHarness();
  app = buildApp({
    pipeline: {
      submit: async () => ({ results: [] }),
      stats: () => ({ accepted: 0, rejected: 0, pending: 0 }),
    },
    access: { service: h.access, store: h.store },
    docs: true,
  });
  const users: Parameters<typeof createUser>[1][] = [
    { username: 'root', role: 'admin', password: PASSWORD },
    { username: 'ana', role: 'clinician', password: PASSWORD, organisation: 'org-north' },
    { username: 'bo', role: 'clinician', password: PASSWORD, organisation: 'org-south' },
    { username: 'pat', role: 'patient', password: PASSWORD, patient: 'p-1' },
    { username: 'pat2', role: 'patient', password: PASSWORD, patient: 'p-2' },
    { username: 'aud', role: 'auditor', password: PASSWORD },
    { username: 'locky', role: 'auditor', password: PASSWORD },
  ];
  for (const u of users) await createUser(h.access.db, u);
  for (const u of users.slice(0, 6)) tokens[u.username] = (await login(u.username)).json().access_token;
  const rows = [];
  for (let seq = 0; seq < 5; seq++) rows.push(makeInput(makeReading('dev-1', seq, 'p-1')));
  for (let seq = 0; seq < 3; seq++) rows.push(makeInput(makeReading('dev-2', seq, 'p-2')));
  for (let seq = 0; seq < 2; seq++) rows.push(makeInput(makeReading('dev-3', seq, 'p-3')));
  await h.store.insertReadings(rows);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('auth', () => {
  it('issues a bearer token for the right password and refuses requests without one', async () => {
    const r = await login('ana');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ token_type: 'Bearer', role: 'clinician', patient: null });
    expect(r.json().access_token).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    const none = await app.inject({ method: 'GET', url: '/v1/Observation?patient=p-1' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect(codeOf(none)).toBe('VIGIL_UNAUTHENTICATED');
  });

  it('locks the account for 15 minutes after 5 failed logins, even for the right password', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await login('locky', 'wrong password!!');
      expect(r.statusCode).toBe(401);
      expect(codeOf(r)).toBe('VIGIL_CREDENTIALS_INVALID');
      expect(r.json().details.remainingAttempts).toBe(4 - i);
    }
    const fifth = await login('locky', 'wrong password!!');
    expect(fifth.statusCode).toBe(423);
    expect(codeOf(fifth)).toBe('VIGIL_ACCOUNT_LOCKED');
    const until = Date.parse(fifth.json().details.lockedUntil);
    expect(until - Date.now()).toBeGreaterThan(14 * 60_000);
    const right = await login('locky');
    expect(right.statusCode).toBe(423);
    expect(await lastAudit()).toMatchObject({
      actor: 'locky',
      outcome: 'denied',
      reason: 'VIGIL_ACCOUNT_LOCKED from 127.0.0.1',
    });
  });

  it('answers unknown users like wrong passwords and never echoes the password', async () => {
    const r = await login('nobody', 'some secret value');
    expect(r.statusCode).toBe(401);
    expect(codeOf(r)).toBe('VIGIL_CREDENTIALS_INVALID');
    expect(r.body).not.toContain('some secret value');
    expect(await lastAudit()).toMatchObject({
      actor: '(unknown user)',
      outcome: 'denied',
      reason: 'VIGIL_CREDENTIALS_INVALID from 127.0.0.1',
    });
  });

  it('revokes a token on DELETE /v1/auth/token', async () => {
    const token = (await login('aud')).json().access_token as string;
    const headers = { authorization: `Bearer ${token}` };
    expect((await app.inject({ method: 'DELETE', url: '/v1/auth/token', headers })).statusCode).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/v1/AuditEvent', headers });
    expect(after.statusCode).toBe(401);
  });
});

describe('Observation search by role and consent state', () => {
  it('lets a patient read their own observations and audits it', async () => {
    const r = await get('pat', '/v1/Observation?patient=self');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(r.json().entry).toHaveLength(5);
    expect(r.json().entry[0].resource.subject.reference).toBe('Patient/p-1');
    expect(await lastAudit()).toMatchObject({
      actor: 'pat',
      role: 'patient',
      patient: 'p-1',
      resource: 'Observation',
      action: 'search',
      outcome: 'allowed',
      reason: 'self',
    });
  });

  it("refuses a patient another patient's data", async () => {
    const r = await get('pat', '/v1/Observation?patient=p-2');
    expect(r.statusCode).toBe(403);
    expect(codeOf(r)).toBe('VIGIL_ACCESS_DENIED');
    expect(await lastAudit()).toMatchObject({ actor: 'pat', patient: 'p-2', outcome: 'denied' });
  });

  it('refuses admins and auditors patient data', async () => {
    const admin = await get('root', '/v1/Observation?patient=p-1');
    expect(admin.statusCode).toBe(403);
    expect(await lastAudit()).toMatchObject({
      role: 'admin',
      outcome: 'denied',
      reason: 'admins do not read patient data',
    });
    const auditor = await get('aud', '/v1/Observation?patient=p-1');
    expect(auditor.statusCode).toBe(403);
    expect(await lastAudit()).toMatchObject({ role: 'auditor', outcome: 'denied' });
  });

  it('refuses a clinician without consent', async () => {
    const r = await get('ana', '/v1/Observation?patient=p-1');
    expect(r.statusCode).toBe(403);
    expect(r.json().details.reason).toBe('no live consent for read:vitals');
    expect(await lastAudit()).toMatchObject({
      actor: 'ana',
      patient: 'p-1',
      outcome: 'denied',
      breakGlass: false,
    });
  });

  it('grants on chain, reads with consent, and refuses again after revocation', async () => {
    const grant = await app.inject({
      method: 'POST',
      url: '/v1/Consent',
      headers: as('pat'),
      payload: { grantee: 'clin-ana', scope: 'read:vitals', expiresAt: inOneHour() },
    });
    expect(grant.statusCode).toBe(201);
    expect(grant.json()).toMatchObject({ resourceType: 'Consent', status: 'active', grantee: 'clin-ana' });
    expect(grant.json().tx).toMatch(/^0x[0-9a-f]{64}$/);
    const ok = await get('ana', '/v1/Observation?patient=p-1');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().entry).toHaveLength(5);
    expect(await lastAudit()).toMatchObject({
      outcome: 'allowed',
      reason: 'consent read:vitals to clin-ana',
    });
    const list = await get('pat', '/v1/Consent?patient=self');
    expect(list.json().entry.map((e: { resource: { id: string } }) => e.resource.id)).toContain(
      grant.json().id,
    );
    const patients = await get('ana', '/v1/Patient');
    expect(patients.json().entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual(['p-1']);

    const revoke = await app.inject({
      method: 'DELETE',
      url: `/v1/Consent/${grant.json().id}`,
      headers: as('pat'),
    });
    expect(revoke.statusCode).toBe(204);
    const denied = await get('ana', '/v1/Observation?patient=p-1');
    expect(denied.statusCode).toBe(403);
    expect(await lastAudit()).toMatchObject({ actor: 'ana', outcome: 'denied' });
    const again = await app.inject({
      method: 'DELETE',
      url: `/v1/Consent/${grant.json().id}`,
      headers: as('pat'),
    });
    expect(again.statusCode).toBe(404);
  });

  it('accepts a consent granted to the clinician organisation', async () => {
    const grant = await app.inject({
      method: 'POST',
      url: '/v1/Consent',
      headers: as('root'),
      payload: { patient: 'p-2', grantee: 'org-south', scope: 'read:vitals', expiresAt: inOneHour() },
    });
    expect(grant.statusCode).toBe(201);
    const r = await get('bo', '/v1/Observation?patient=p-2');
    expect(r.statusCode).toBe(200);
    expect(await lastAudit()).toMatchObject({ reason: 'consent read:vitals to org-south' });
    expect((await get('ana', '/v1/Observation?patient=p-2')).statusCode).toBe(403);
  });

  it('refuses a patient granting consent over another patient', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/Consent',
      headers: as('pat'),
      payload: { patient: 'p-2', grantee: 'clin-ana', scope: 'read:vitals', expiresAt: inOneHour() },
    });
    expect(r.statusCode).toBe(403);
    expect(await lastAudit()).toMatchObject({ resource: 'Consent', action: 'grant', outcome: 'denied' });
  });

  it('allows one hour of break-glass access, flagged in the audit trail and visible to the patient', async () => {
    const noReason = await app.inject({
      method: 'POST',
      url: '/v1/Patient/p-3/$break-glass',
      headers: as('ana'),
      payload: { reason: '' },
    });
    expect(noReason.statusCode).toBe(400);
    const byPatient = await app.inject({
      method: 'POST',
      url: '/v1/Patient/p-3/$break-glass',
      headers: as('pat'),
      payload: { reason: 'I want to see it' },
    });
    expect(byPatient.statusCode).toBe(403);
    const bg = await app.inject({
      method: 'POST',
      url: '/v1/Patient/p-3/$break-glass',
      headers: as('ana'),
      payload: { reason: 'unconscious in ED, no consent reachable' },
    });
    expect(bg.statusCode).toBe(201);
    expect(Date.parse(bg.json().expiresAt) - Date.now()).toBeGreaterThan(59 * 60_000);
    const r = await get('ana', '/v1/Observation?patient=p-3');
    expect(r.statusCode).toBe(200);
    expect(r.json().entry).toHaveLength(2);
    expect(await lastAudit()).toMatchObject({
      actor: 'ana',
      patient: 'p-3',
      outcome: 'allowed',
      breakGlass: true,
    });
    expect((await lastAudit()).reason).toMatch(/^BREAK-GLASS until /);
    // bo did not break the glass
    expect((await get('bo', '/v1/Observation?patient=p-3')).statusCode).toBe(403);
  });

  it('stops access when the consent expires on chain', async () => {
    const grant = await app.inject({
      method: 'POST',
      url: '/v1/Consent',
      headers: as('pat2'),
      payload: {
        grantee: 'clin-ana',
        scope: 'read:vitals',
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      },
    });
    expect(grant.statusCode).toBe(201);
    expect((await get('ana', '/v1/Observation?patient=p-2')).statusCode).toBe(200);
    await advanceTime(h.ledger, 120);
    const r = await get('ana', '/v1/Observation?patient=p-2');
    expect(r.statusCode).toBe(403);
    expect(await lastAudit()).toMatchObject({ actor: 'ana', patient: 'p-2', outcome: 'denied' });
  });
});

describe('paging, single reads, devices, audit events, erasure', () => {
  it('pages a search with a next link and no overlap', async () => {
    const first = await get('pat', '/v1/Observation?patient=self&_count=2');
    expect(first.json().entry).toHaveLength(2);
    const next = first.json().link.find((l: { relation: string }) => l.relation === 'next').url as string;
    expect(next).toContain('cursor=');
    const second = await get('pat', next);
    const third = await get(
      'pat',
      second.json().link.find((l: { relation: string }) => l.relation === 'next').url,
    );
    const ids = [first, second, third].flatMap((r) =>
      r.json().entry.map((e: { resource: { id: string } }) => e.resource.id),
    );
    expect(new Set(ids).size).toBe(5);
    expect(third.json().link.some((l: { relation: string }) => l.relation === 'next')).toBe(false);
  });

  it('filters by date', async () => {
    const from = new Date(Date.UTC(2026, 0, 1) + 2000).toISOString();
    const r = await get('pat', `/v1/Observation?patient=self&date=ge${from}`);
    expect(r.json().entry).toHaveLength(3);
    expect((await get('pat', '/v1/Observation?patient=self&date=xx')).statusCode).toBe(400);
  });

  it('reads one Observation with the same checks', async () => {
    const [reading] = await h.store.listReadings({ patient: 'p-1', limit: 1 });
    expect((await get('pat', `/v1/Observation/${reading!.id}`)).json()).toMatchObject({ id: reading!.id });
    expect((await get('pat2', `/v1/Observation/${reading!.id}`)).statusCode).toBe(403);
    expect((await get('pat', '/v1/Observation/nope')).statusCode).toBe(404);
  });

  it('lists devices for admins and clinicians only', async () => {
    expect((await get('root', '/v1/Device')).statusCode).toBe(200);
    expect((await get('ana', '/v1/Device')).statusCode).toBe(200);
    expect((await get('pat', '/v1/Device')).statusCode).toBe(403);
  });

  it('shows a patient who accessed their data; auditors see all; clinicians none', async () => {
    const mine = await get('pat', '/v1/AuditEvent?patient=self');
    expect(mine.statusCode).toBe(200);
    const events = mine.json().entry.map((e: { resource: Record<string, unknown> }) => e.resource);
    expect(
      events.every(
        (e: { entity: { what: { reference?: string } }[] }) => e.entity[0]!.what.reference === 'Patient/p-1',
      ),
    ).toBe(true);
    expect(
      events.some(
        (e: { agent: { who: { identifier: { value: string } } }[] }) =>
          e.agent[0]!.who.identifier.value === 'ana',
      ),
    ).toBe(true);
    const p3 = await get('aud', '/v1/AuditEvent?patient=p-3');
    expect(p3.statusCode).toBe(200);
    expect(p3.json().entry.some((e: { resource: { breakGlass: boolean } }) => e.resource.breakGlass)).toBe(
      true,
    );
    expect((await get('ana', '/v1/AuditEvent?patient=p-1')).statusCode).toBe(403);
    expect((await get('pat', '/v1/AuditEvent?patient=p-2')).statusCode).toBe(403);
  });

  it('answers 410 for the observations of an erased patient', async () => {
    await h.store.erasePatient('p-3');
    const r = await get('pat', '/v1/Observation?patient=self');
    expect(r.statusCode).toBe(200);
    const gone = await get('ana', '/v1/Observation?patient=p-3');
    expect(gone.statusCode).toBe(410);
    expect(codeOf(gone)).toBe('VIGIL_PATIENT_ERASED');
  });

  it('documents every route with bearer auth in OpenAPI', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const path of [
      '/v1/Observation',
      '/v1/Observation/{id}',
      '/v1/Consent',
      '/v1/Patient',
      '/v1/Device',
      '/v1/AuditEvent',
    ]) {
      expect(doc.paths[path]?.get?.security).toEqual([{ bearerAuth: [] }]);
    }
  });
});
