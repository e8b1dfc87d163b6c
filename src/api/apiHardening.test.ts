import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, listAudit } from '../access/index.ts';
import { type AccessHarness, openAccessHarness } from '../access/testing/accessHarness.ts';
import { createAlertService } from '../clinical/alerts/createAlertService.ts';
import { buildApp, type VigilApp } from './buildApp.ts';
import { DASHBOARD_CSP } from './routes/web.ts';

// Issue #15 item 10: authentication before validation, audited 401s, real outcomes, 400 for bad ids,
// and the security headers of every API answer.
let h: AccessHarness;
let app: VigilApp;
const PASSWORD = 'correct horse battery';
const tokens: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });
const codeOf = (r: { json(): unknown }) =>
  (r.json() as { issue: { details: { coding: { code: string }[] } }[] }).issue[0]!.details.coding[0]!.code;
const lastAudit = async () => (await listAudit(h.access.db, { limit: 1 }))[0]!;

beforeAll(async () => {
  h = await openAccessHarness();
  const alerts = createAlertService({ now: () => 1_000_000 });
  app = buildApp({
    pipeline: {
      submit: async () => ({ results: [] }),
      stats: () => ({ accepted: 0, rejected: 0, pending: 0 }),
    },
    alerts,
    access: { service: h.access, store: h.store },
    dashboard: {
      trust: {
        list: () => [],
        reinstate: async () => {
          throw new Error('not reached in these tests');
        },
      },
      store: h.store,
    },
    docs: true,
  });
  await createUser(h.access.db, {
    username: 'ana',
    role: 'clinician',
    password: PASSWORD,
    organisation: 'org-1',
  });
  await createUser(h.access.db, { username: 'pat', role: 'patient', password: PASSWORD, patient: 'p-1' });
  for (const username of ['ana', 'pat']) {
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

describe('authentication comes before body validation', () => {
  const posts = [
    ['consent', '/v1/Consent'],
    ['break-glass', '/v1/Patient/p-1/$break-glass'],
    ['acknowledge', '/v1/Flag/a-1/$acknowledge'],
    ['reinstate', '/v1/trust/dev-1/$reinstate'],
    ['silence', '/v1/Flag/a-1/$silence'],
    ['clinical entry', '/v1/Patient/p-1/$clinical-entry'],
  ] as const;
  for (const [name, url] of posts) {
    it(`answers an unauthenticated ${name} POST with an empty body 401, not 400`, async () => {
      const r = await app.inject({ method: 'POST', url, payload: {} });
      expect(r.statusCode).toBe(401);
      expect(codeOf(r)).toBe('VIGIL_UNAUTHENTICATED');
      expect(r.headers['www-authenticate']).toContain('Bearer');
    });
  }
});

describe('401s are audited', () => {
  it('records a request without a token with its address', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/Patient', remoteAddress: '10.9.8.7' });
    expect(r.statusCode).toBe(401);
    const entry = await lastAudit();
    expect(entry).toMatchObject({
      actor: '(anonymous)',
      role: 'anonymous',
      patient: null,
      resource: 'GET /v1/Patient',
      action: 'authenticate',
      outcome: 'denied',
    });
    expect(entry.reason).toContain('VIGIL_UNAUTHENTICATED');
    expect(entry.reason).toContain('10.9.8.7');
  });

  it('records an unknown token with its address, never the token itself', async () => {
    const secret = 'vgl_thisIsNotARealTokenButItMustNeverBeLogged0000000';
    const r = await app.inject({
      method: 'POST',
      url: '/v1/Consent',
      payload: {},
      headers: { authorization: `Bearer ${secret}` },
      remoteAddress: '10.9.8.6',
    });
    expect(r.statusCode).toBe(401);
    const entry = await lastAudit();
    expect(entry).toMatchObject({ resource: 'POST /v1/Consent', outcome: 'denied' });
    expect(entry.reason).toContain('10.9.8.6');
    expect(JSON.stringify(entry)).not.toContain(secret);
  });
});

describe('acknowledging an alert', () => {
  it('answers 404 for an unknown alert and audits the failure as such', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/Flag/no-such-alert/$acknowledge',
      payload: { who: 'ana' },
      headers: as('ana'),
    });
    expect(r.statusCode).toBe(404);
    expect(codeOf(r)).toBe('VIGIL_ALERT_NOT_FOUND');
    const entry = await lastAudit();
    expect(entry).toMatchObject({ actor: 'ana', resource: 'Flag', action: 'acknowledge', outcome: 'denied' });
    expect(entry.reason).toContain('VIGIL_ALERT_NOT_FOUND');
  });
});

describe('invalid patient ids', () => {
  const bad = ['x'.repeat(40), 'a%20b', '%3Cscript%3E'];
  for (const id of bad) {
    it(`answers 400 with an OperationOutcome for ${decodeURIComponent(id)}`, async () => {
      for (const url of [
        `/v1/Patient/${id}`,
        `/v1/Observation?patient=${id}`,
        `/v1/stream?patient=${id}`,
        `/v1/Patient/${id}/$live`,
      ]) {
        const r = await app.inject({ method: 'GET', url, headers: as('ana') });
        expect(r.statusCode, url).toBe(400);
        expect(r.json()).toMatchObject({ resourceType: 'OperationOutcome' });
        expect(codeOf(r), url).toBe('VIGIL_REQUEST_INVALID');
      }
    });
  }
});

describe('security headers', () => {
  it('marks every API JSON answer no-store and nosniff, errors included', async () => {
    const answers = await Promise.all([
      app.inject({ method: 'GET', url: '/health' }),
      app.inject({ method: 'GET', url: '/v1/Patient', headers: as('pat') }),
      app.inject({ method: 'GET', url: '/v1/Patient' }),
      app.inject({ method: 'GET', url: '/v1/nope' }),
      app.inject({ method: 'POST', url: '/v1/auth/token', payload: { username: 'x' } }),
      app.inject({
        method: 'POST',
        url: '/v1/observations',
        payload: '{',
        headers: { 'content-type': 'application/json' },
      }),
    ]);
    for (const r of answers) {
      expect(r.headers['content-type'], r.body).toMatch(/json/);
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('gives the Swagger UI at /docs a Content-Security-Policy', async () => {
    const r = await app.inject({ method: 'GET', url: '/docs' });
    expect(r.statusCode).toBe(200);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('keeps the dashboard its own strict policy', async () => {
    const r = await app.inject({ method: 'GET', url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});
