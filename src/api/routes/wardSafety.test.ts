import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedInUsers } from '../../../test/support/apiUsers.ts';
import { listAudit } from '../../access/index.ts';
import { type AccessHarness, openAccessHarness } from '../../access/testing/accessHarness.ts';
import type { AlertService } from '../../clinical/alerts/createAlertService.ts';
import type { TrustExplanation } from '../../trust/index.ts';
import { buildApp, type VigilApp } from '../buildApp.ts';
import { createHttpServer, type HttpServer } from '../createHttpServer.ts';

// Issue #16 defects 4 (a clinician sees other patients' devices) and 5 (break-glass to a patient that
// does not exist, no badge, no expiry), through the API with the real access service and store.
const PASSWORD = 'correct horse battery';
let h: AccessHarness;
let app: VigilApp;
let http: HttpServer;
let tokens: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });

const DEVICES = [
  { deviceId: 'dev-a-mon', patient: 'p-alpha', kind: 'monitor' },
  { deviceId: 'dev-a-oxi', patient: 'p-alpha', kind: 'oximeter' },
  { deviceId: 'dev-b-mon', patient: 'p-beta', kind: 'monitor' },
  { deviceId: 'dev-c-mon', patient: 'p-gamma', kind: 'monitor' },
];

const alerts = {
  subscribe: () => () => undefined,
  live(): never {
    throw Object.assign(new Error('not live'), { code: 'VIGIL_PATIENT_NOT_LIVE' });
  },
  search: () => ({ total: 0, alerts: [] }),
} as unknown as AlertService;

const trust = {
  reinstate: async () => {
    throw new Error('not used');
  },
  list: () =>
    DEVICES.map((d) => ({
      deviceId: d.deviceId,
      scoreBp: 9000,
      quarantined: false,
      items: [],
      counts: {},
      opinion: { belief: 0.9, disbelief: 0, uncertainty: 0.1, trust: 0.9 },
      reinstatements: [],
    })) as unknown as TrustExplanation[],
};

beforeAll(async () => {
  h = await openAccessHarness();
  await h.store.upsertDevices(
    DEVICES.map((d) => ({
      ...d,
      orgId: 'org-north',
      publicKey: new Uint8Array(65).fill(4),
      keyVersion: 1,
      status: 'active' as const,
      updatedBlock: 1,
    })),
  );
  app = buildApp({
    pipeline: { submit: async () => ({ results: [] }), stats: () => ({}) } as never,
    alerts,
    access: { service: h.access, store: h.store },
    docs: false,
    dashboard: { trust, store: h.store, recheckMs: 60_000 },
  });
  http = createHttpServer({ app, host: '127.0.0.1', port: 0 });
  await http.start();
  tokens = await createSignedInUsers(app, h.access.db, [
    { username: 'ana', role: 'clinician', password: PASSWORD, organisation: 'org-north' },
    { username: 'olaf', role: 'clinician', password: PASSWORD, organisation: 'org-south' },
    { username: 'root', role: 'admin', password: PASSWORD },
  ]);
  await h.access.consent.grant({
    patient: 'p-alpha',
    grantee: 'clin-ana',
    scope: 'read:vitals',
    expiresAt: Date.now() + 3_600_000,
  });
  await h.access.consents.sync();
}, 120_000);

afterAll(async () => {
  await http?.stop();
  await h?.close();
});

describe('device visibility (defect 4)', () => {
  it('a clinician of another organisation without consent sees no device through GET /v1/trust', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/trust', headers: as('olaf') });
    expect(r.statusCode).toBe(200);
    expect(r.json().devices).toEqual([]);
  });

  it('a clinician of another organisation without consent sees no device through GET /v1/Device', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/Device', headers: as('olaf') });
    expect(r.statusCode).toBe(200);
    expect(r.json().entry).toEqual([]);
  });

  it('a consented clinician sees exactly the devices of the patients they may read', async () => {
    const trustList = await app.inject({ method: 'GET', url: '/v1/trust', headers: as('ana') });
    expect(trustList.json().devices.map((d: { deviceId: string }) => d.deviceId)).toEqual([
      'dev-a-mon',
      'dev-a-oxi',
    ]);
    const fhir = await app.inject({ method: 'GET', url: '/v1/Device', headers: as('ana') });
    expect(fhir.json().entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([
      'dev-a-mon',
      'dev-a-oxi',
    ]);
  });

  it('an admin still sees every device', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/trust', headers: as('root') });
    expect(r.json().devices).toHaveLength(DEVICES.length);
  });
});

describe('break-glass (defect 5)', () => {
  it('refuses a patient this gateway does not know, audits the refusal and records no emergency access', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/Patient/p-nobody/$break-glass',
      headers: as('olaf'),
      payload: { reason: 'cardiac arrest call, consent cannot be asked' },
    });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'error', code: 'not-found', details: { coding: [{ code: 'VIGIL_PATIENT_UNKNOWN' }] } },
      ],
    });
    const rows = await h.access.db.rows('SELECT COUNT(*) FROM access_break_glass WHERE patient = ?', [
      'p-nobody',
    ]);
    expect(Number(rows[0]?.[0])).toBe(0);
    const [audit] = await listAudit(h.access.db, { patient: 'p-nobody', limit: 1 });
    expect(audit).toMatchObject({ actor: 'olaf', action: 'break-glass', outcome: 'denied' });
  });

  it('grants a known patient for one hour, and the ward stream marks the patient as emergency access with its expiry', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/Patient/p-gamma/$break-glass',
      headers: as('olaf'),
      payload: { reason: 'cardiac arrest call, consent cannot be asked' },
    });
    expect(r.statusCode).toBe(201);
    const expiresAt = Date.parse(r.json().expiresAt);
    expect(expiresAt - Date.now()).toBeGreaterThan(59 * 60_000);

    const abort = new AbortController();
    const res = await fetch(`${http.url}/v1/ward/stream`, { headers: as('olaf'), signal: abort.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!/event: snapshot\ndata: .*\n\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    abort.abort();
    const snapshot = JSON.parse(/event: snapshot\ndata: (.*)\n\n/.exec(text)![1]!);
    expect(snapshot).toMatchObject({
      patient: 'p-gamma',
      access: { breakGlass: true, expiresAt: new Date(expiresAt).toISOString() },
    });
  });
});
