import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedInUsers } from '../../../test/support/apiUsers.ts';
import { listAudit, setDisplayName, setOrganisationName } from '../../access/index.ts';
import { type AccessHarness, openAccessHarness } from '../../access/testing/accessHarness.ts';
import { type AlertService, createAlertService } from '../../clinical/alerts/createAlertService.ts';
import { makeInput, makeReading } from '../../store/testing/fixtures.ts';
import { buildApp, type VigilApp } from '../buildApp.ts';

// The patient detail and the people-facing access routes, on the real access service, store and alert
// service: flowsheet from stored history, clinician entries in NEWS2, silencing, the consent directory,
// the audit filters, export and chain verification, and uPlot served by the gateway.
const PASSWORD = 'correct horse battery';
let h: AccessHarness;
let app: VigilApp;
let alerts: AlertService;
let tokens: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });
const codeOf = (r: { json(): unknown }) =>
  (r.json() as { issue: { details: { coding: { code: string }[] } }[] }).issue[0]!.details.coding[0]!.code;
const NOW = Date.now();

beforeAll(async () => {
  h = await openAccessHarness();
  alerts = createAlertService({ store: h.store });
  await alerts.start();
  app = buildApp({
    pipeline: { submit: async () => ({ results: [] }), stats: () => ({}) } as never,
    alerts,
    access: { service: h.access, store: h.store },
    docs: false,
    dashboard: { store: h.store, recheckMs: 60_000 },
  });
  tokens = await createSignedInUsers(app, h.access.db, [
    { username: 'ana', role: 'clinician', password: PASSWORD, organisation: 'org-north' },
    { username: 'bo', role: 'clinician', password: PASSWORD, organisation: 'org-south' },
    { username: 'pat', role: 'patient', password: PASSWORD, patient: 'p-1' },
    { username: 'aud', role: 'auditor', password: PASSWORD },
  ]);
  await setDisplayName(h.access.db, 'ana', 'Dr Ana North');
  await setOrganisationName(h.access.db, 'org-north', 'North Hospital');
  // Two hours of heart rate for p-1, one reading a minute; p-2 exists but nobody consented to ana.
  const rows = [];
  for (let i = 0; i < 120; i++)
    rows.push(makeInput(makeReading('dev-1', i + 1, 'p-1', NOW - (120 - i) * 60_000)));
  rows.push(makeInput(makeReading('dev-2', 1, 'p-2', NOW - 60_000)));
  await h.store.insertReadings(rows);
  await h.access.consent.grant({
    patient: 'p-1',
    grantee: 'clin-ana',
    scope: 'read:vitals',
    expiresAt: NOW + 3_600_000,
  });
  await h.access.consents.sync();
}, 120_000);

afterAll(async () => {
  await alerts?.stop();
  await app?.close();
  await h?.close();
});

describe('GET /v1/Patient/{id}/$flowsheet', () => {
  it('serves the stored history of every vital with real times, and survives without any live state', async () => {
    const r = await app.inject({
      method: 'GET',
      url: '/v1/Patient/p-1/$flowsheet?hours=1',
      headers: as('ana'),
    });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.patient).toBe('p-1');
    expect(body.devices).toEqual(['dev-1']);
    const hr = body.series.heartRate;
    expect(hr.t.length).toBeGreaterThanOrEqual(59);
    expect(hr.t.length).toBeLessThanOrEqual(61);
    expect(hr.t.every((t: number, i: number) => i === 0 || t > hr.t[i - 1])).toBe(true);
    expect(hr.t[0]).toBeGreaterThanOrEqual(NOW - 3_600_000 - 1000);
    expect(body.truncated).toBe(false);
    const [audit] = await listAudit(h.access.db, { actor: 'ana', limit: 1 });
    expect(audit).toMatchObject({ resource: 'Patient/$flowsheet', outcome: 'allowed', patient: 'p-1' });
  });

  it('refuses a clinician without consent, and lets a patient read their own', async () => {
    const denied = await app.inject({ method: 'GET', url: '/v1/Patient/p-1/$flowsheet', headers: as('bo') });
    expect(denied.statusCode).toBe(403);
    const own = await app.inject({ method: 'GET', url: '/v1/Patient/self/$flowsheet', headers: as('pat') });
    expect(own.statusCode).toBe(200);
    expect(own.json().series.heartRate.t.length).toBeGreaterThan(100);
  });
});

describe('POST /v1/Patient/{id}/$clinical-entry', () => {
  it('records ACVPU for a consented clinician: stored, audited without the value, and NEWS2 scores it at once', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/Patient/p-1/$clinical-entry',
      headers: as('ana'),
      payload: { kind: 'consciousness', acvpu: 'V' },
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ kind: 'consciousness', acvpu: 'V', enteredBy: 'ana', patient: 'p-1' });
    const live = alerts.live('p-1');
    expect(live.news2.scores.consciousness).toBe(3);
    expect(live.news2.assumptions[0]).toMatch(/^consciousness V recorded by ana at /);
    expect((await h.store.listClinicalEntries({ patient: 'p-1' })).map((e) => e.kind)).toEqual([
      'consciousness',
    ]);
    const [audit] = await listAudit(h.access.db, { actor: 'ana', limit: 1 });
    expect(audit).toMatchObject({
      resource: 'ClinicalEntry/consciousness',
      action: 'record',
      outcome: 'allowed',
    });
    expect(JSON.stringify(audit)).not.toContain('"V"');
    const listed = await app.inject({
      method: 'GET',
      url: '/v1/Patient/p-1/$clinical-entry',
      headers: as('ana'),
    });
    expect(listed.json().entries).toHaveLength(1);
  });

  it('refuses inconsistent entries (400), non-clinicians (403) and clinicians without consent (403)', async () => {
    const post = (user: string, payload: object, patient = 'p-1') =>
      app.inject({
        method: 'POST',
        url: `/v1/Patient/${patient}/$clinical-entry`,
        headers: as(user),
        payload,
      });
    const bad = await post('ana', { kind: 'oxygen', onOxygen: false, flowLpm: 2 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issue[0].diagnostics).toContain('flowLpm only when on oxygen');
    expect((await post('ana', { kind: 'consciousness', acvpu: 'X' })).statusCode).toBe(400);
    expect((await post('pat', { kind: 'consciousness', acvpu: 'A' })).statusCode).toBe(403);
    expect((await post('bo', { kind: 'consciousness', acvpu: 'A' })).statusCode).toBe(403);
    expect(await h.store.listClinicalEntries({ patient: 'p-1' })).toHaveLength(1);
  });
});

describe('POST /v1/Flag/{id}/$silence', () => {
  it('silences an open alert for a period with a reason, for clinicians who may read the patient alerts', async () => {
    const open = alerts.engine.open('p-1');
    expect(open.length).toBeGreaterThan(0);
    const id = open[0]!.id;
    const url = `/v1/Flag/${id}/$silence`;
    const payload = { minutes: 30, reason: 'reviewed at the bedside, plan in place' };
    // ana holds read:vitals only: alerts are a separate scope.
    expect((await app.inject({ method: 'POST', url, headers: as('ana'), payload })).statusCode).toBe(403);
    await h.access.consent.grant({
      patient: 'p-1',
      grantee: 'clin-ana',
      scope: 'read:alerts',
      expiresAt: NOW + 3_600_000,
    });
    const r = await app.inject({ method: 'POST', url, headers: as('ana'), payload });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id, silencedBy: 'ana', silenceReason: payload.reason });
    expect(r.json().silencedUntil - Date.now()).toBeGreaterThan(29 * 60_000);
    const tooLong = await app.inject({
      method: 'POST',
      url,
      headers: as('ana'),
      payload: { ...payload, minutes: 600 },
    });
    expect(tooLong.statusCode).toBe(400);
  });
});

describe('consent directory', () => {
  it('lists clinicians and organisations by name', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/directory', headers: as('pat') });
    expect(r.json().entries).toEqual(
      expect.arrayContaining([
        {
          kind: 'clinician',
          grantee: 'clin-ana',
          name: 'Dr Ana North',
          organisation: 'org-north',
          organisationName: 'North Hospital',
        },
        { kind: 'organisation', grantee: 'org-north', name: 'North Hospital' },
        { kind: 'organisation', grantee: 'org-south', name: 'org-south' },
      ]),
    );
  });

  it('refuses to grant to a grantee outside the directory, with a stable code and an audit entry', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/Consent',
      headers: as('pat'),
      payload: {
        grantee: 'clin-nobody',
        scope: 'read:vitals',
        expiresAt: new Date(NOW + 3_600_000).toISOString(),
      },
    });
    expect(r.statusCode).toBe(400);
    expect(codeOf(r)).toBe('VIGIL_CONSENT_GRANTEE_UNKNOWN');
    const [audit] = await listAudit(h.access.db, { actor: 'pat', limit: 1 });
    expect(audit).toMatchObject({ resource: 'Consent', action: 'grant', outcome: 'denied' });
  });

  it('names the grantee and shows when a consent was granted and revoked', async () => {
    const grant = await app.inject({
      method: 'POST',
      url: '/v1/Consent',
      headers: as('pat'),
      payload: { grantee: 'clin-bo', scope: 'research', expiresAt: new Date(NOW + 3_600_000).toISOString() },
    });
    expect(grant.statusCode).toBe(201);
    await app.inject({ method: 'DELETE', url: `/v1/Consent/${grant.json().id}`, headers: as('pat') });
    const list = await app.inject({ method: 'GET', url: '/v1/Consent?patient=self', headers: as('pat') });
    const c = list
      .json()
      .entry.find((e: { resource: { grantee: string } }) => e.resource.grantee === 'clin-bo').resource;
    expect(c).toMatchObject({ status: 'inactive', revoked: true, granteeName: 'bo' });
    expect(Date.parse(c.revokedAt)).toBeGreaterThanOrEqual(Date.parse(c.grantedAt));
    const ana = list
      .json()
      .entry.find((e: { resource: { grantee: string } }) => e.resource.grantee === 'clin-ana');
    expect(ana.resource).toMatchObject({ granteeName: 'Dr Ana North', status: 'active' });
  });
});

describe('audit trail for people', () => {
  it('filters by user, outcome and time, and pages with the next link', async () => {
    for (let i = 0; i < 3; i++) {
      await app.inject({ method: 'GET', url: '/v1/Patient/p-2/$flowsheet', headers: as('bo') });
    }
    const r = await app.inject({
      method: 'GET',
      url: '/v1/AuditEvent?actor=bo&outcome=denied&_count=1',
      headers: as('aud'),
    });
    expect(r.statusCode).toBe(200);
    const first = r.json();
    expect(first.entry).toHaveLength(1);
    expect(first.entry[0].resource.agent[0].who.identifier.value).toBe('bo');
    expect(first.entry[0].resource.outcome).toBe('4');
    const next = first.link.find((l: { relation: string }) => l.relation === 'next');
    expect(next.url).toContain('cursor=');
    const page2 = await app.inject({ method: 'GET', url: next.url, headers: as('aud') });
    expect(page2.json().entry[0].fullUrl).not.toBe(first.entry[0].fullUrl);
    expect(page2.json().entry[0].resource.agent[0].who.identifier.value).toBe('bo');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const none = await app.inject({
      method: 'GET',
      url: `/v1/AuditEvent?date=ge${future}`,
      headers: as('aud'),
    });
    expect(none.json().entry).toEqual([]);
  });

  it('exports every matching entry as CSV or NDJSON, for auditors and the patient concerned', async () => {
    const csv = await app.inject({
      method: 'GET',
      url: '/v1/AuditEvent/$export?format=csv&actor=ana',
      headers: as('aud'),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('id,time,actor,role,patient,resource,action,outcome,break_glass,reason');
    expect(lines.length - 1).toBe((await listAudit(h.access.db, { actor: 'ana', limit: 10_000 })).length);
    const nd = await app.inject({
      method: 'GET',
      url: '/v1/AuditEvent/$export?format=ndjson&patient=self',
      headers: as('pat'),
    });
    const rows = nd.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.every((x: { patient: string }) => x.patient === 'p-1')).toBe(true);
    const refused = await app.inject({
      method: 'GET',
      url: '/v1/AuditEvent/$export?format=csv',
      headers: as('ana'),
    });
    expect(refused.statusCode).toBe(403);
  });

  it('verifies the audit chain against AuditLog on chain from the API', async () => {
    await h.access.flushAudit();
    const r = await app.inject({ method: 'POST', url: '/v1/AuditEvent/$verify', headers: as('aud') });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, issues: [] });
    expect(r.json().batches.anchored).toBeGreaterThan(0);
    expect(
      (await app.inject({ method: 'POST', url: '/v1/AuditEvent/$verify', headers: as('pat') })).statusCode,
    ).toBe(403);
  });
});

describe('charting library', () => {
  it('serves uPlot from node_modules with the strict CSP, and nothing else from there', async () => {
    const js = await app.inject({ method: 'GET', url: '/vendor/uplot/uPlot.esm.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-security-policy']).toContain("script-src 'self'");
    expect(js.body).toContain('export');
    expect((await app.inject({ method: 'GET', url: '/vendor/uplot/uPlot.min.css' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/vendor/uplot/uPlot.cjs.js' })).statusCode).toBe(404);
  });
});
