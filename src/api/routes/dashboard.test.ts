import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../access/index.ts';
import { type AccessHarness, openAccessHarness } from '../../access/testing/accessHarness.ts';
import type { AlertStreamEvent } from '../../clinical/alerts/createAlertService.ts';
import type { VerifyStoreReturnType } from '../../integrity/verifyStore.ts';
import type { TrustExplanation } from '../../trust/index.ts';
import { buildApp, type VigilApp } from '../buildApp.ts';
import { createHttpServer, type HttpServer } from '../createHttpServer.ts';
import { DASHBOARD_CSP } from './web.ts';

const PASSWORD = 'correct horse battery';
let h: AccessHarness;
let app: VigilApp;
let http: HttpServer;
let webRoot: string;
const tokens: Record<string, string> = {};
const listeners = new Set<(e: AlertStreamEvent) => void>();
let verifyCalls: string[] = [];

const pipeline = {
  submit: async () => ({ results: [] }),
  stats: () => ({ accepted: 0, rejected: 0, pending: 0 }),
};
const alerts = {
  subscribe(listener: (e: AlertStreamEvent) => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  live(): never {
    throw Object.assign(new Error('not live'), { code: 'VIGIL_PATIENT_NOT_LIVE' });
  },
  search: () => ({ total: 0, alerts: [] }),
} as unknown as import('../../clinical/alerts/createAlertService.ts').AlertService;
const reinstated: [string, string][] = [];
const trust = {
  reinstate: async (deviceId: string, reason: string) => {
    if (deviceId !== 'dev-2') {
      throw Object.assign(new Error('not quarantined'), { code: 'VIGIL_TRUST_NOT_QUARANTINED' });
    }
    reinstated.push([deviceId, reason]);
    return { change: { deviceId, type: 'reinstated' }, report: {} } as never;
  },
  list: () =>
    [
      {
        deviceId: 'dev-1',
        scoreBp: 9100,
        quarantined: false,
        items: [],
        counts: {},
        opinion: { uncertainty: 0.1 },
      },
      {
        deviceId: 'dev-2',
        scoreBp: 1500,
        quarantined: true,
        quarantine: { at: 1, trust: 0.15, reason: 'trust 0.150 < 0.40: disagreement with other devices' },
        items: [],
        counts: {},
        opinion: { uncertainty: 0.05 },
      },
    ] as unknown as TrustExplanation[],
};
const vitals = (patient: string, value: number): AlertStreamEvent =>
  ({
    type: 'vitals',
    state: {
      patient,
      updatedAt: 1,
      vitals: { heartRate: { value, time: 1, deviceId: 'dev-1', quarantined: false } },
      news2: { total: 0, band: 'low', scores: {}, missing: [] },
    },
  }) as unknown as AlertStreamEvent;

const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });

beforeAll(async () => {
  h = await openAccessHarness();
  webRoot = mkdtempSync(join(tmpdir(), 'vigil-web-'));
  writeFileSync(
    join(webRoot, 'index.html'),
    '<!doctype html><title>t</title><script type="module" src="/a.js"></script>',
  );
  writeFileSync(join(webRoot, 'a.js'), 'export {};');
  app = buildApp({
    pipeline,
    alerts,
    access: { service: h.access, store: h.store },
    docs: false,
    dashboard: {
      trust,
      store: {
        listDevices: async () => [
          { deviceId: 'dev-1', kind: 'monitor', patient: 'p-1', status: 'active', quarantined: false },
          { deviceId: 'dev-2', kind: 'oximeter', patient: 'p-1', status: 'active', quarantined: false },
        ],
        listBatches: async () =>
          [1, 2, 3].map((seq) => ({
            gatewayId: 'gw-access',
            seq,
            root: Buffer.alloc(32, seq),
            prevRoot: Buffer.alloc(32, seq - 1),
            count: 10,
            firstPos: 0,
            lastPos: 9,
            createdAt: 1000 * seq,
            status: seq < 3 ? 'anchored' : 'pending',
            anchorTx: seq < 3 ? `0x${'ab'.repeat(32)}` : null,
            anchorBlock: seq < 3 ? 10 + seq : null,
            anchoredAt: seq < 3 ? 1000 * seq + 1 : null,
          })),
      } as never,
      verify: async (mode) => {
        verifyCalls.push(mode);
        return {
          ok: true,
          issues: [],
          erasedReadings: [],
          batches: { checked: 3 },
        } as unknown as VerifyStoreReturnType;
      },
      webRoot,
      recheckMs: 50,
    },
  });
  http = createHttpServer({ app, host: '127.0.0.1', port: 0 });
  await http.start();
  const users: Parameters<typeof createUser>[1][] = [
    { username: 'ana', role: 'clinician', password: PASSWORD, organisation: 'org-north' },
    { username: 'pat', role: 'patient', password: PASSWORD, patient: 'p-1' },
    { username: 'aud', role: 'auditor', password: PASSWORD },
  ];
  for (const u of users) {
    await createUser(h.access.db, u);
    const r = await app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: u.username, password: PASSWORD },
    });
    tokens[u.username] = r.json().access_token;
  }
}, 60_000);

afterAll(async () => {
  await http?.stop();
  await h?.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

describe('dashboard static files', () => {
  it('serves index.html and modules at / with the strict CSP, and 404s unknown files as OperationOutcome', async () => {
    const index = await app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
    const js = await app.inject({ method: 'GET', url: '/a.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    const missing = await app.inject({ method: 'GET', url: '/nope.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().resourceType).toBe('OperationOutcome');
  });
});

describe('GET /v1/trust', () => {
  it('lists devices with score and quarantine reason for staff, and refuses patients', async () => {
    // A clinician with no consent sees no device (issue #16, defect 4); the auditor sees the fleet.
    const mine = await app.inject({ method: 'GET', url: '/v1/trust', headers: as('ana') });
    expect(mine.json().devices).toEqual([]);
    const r = await app.inject({ method: 'GET', url: '/v1/trust', headers: as('aud') });
    expect(r.statusCode).toBe(200);
    const devices = r.json().devices;
    expect(devices).toHaveLength(2);
    expect(devices[1]).toMatchObject({ deviceId: 'dev-2', score: 0.15, quarantined: true });
    expect(devices[1].quarantine.reason).toContain('disagreement');
    expect(devices[0]).toMatchObject({ deviceId: 'dev-1', score: 0.91, quarantined: false });
    const refused = await app.inject({ method: 'GET', url: '/v1/trust', headers: as('pat') });
    expect(refused.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/v1/trust' });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('POST /v1/trust/{deviceId}/$reinstate', () => {
  it('lets an admin lift a quarantine with a reason; others get 403, a device not quarantined 409', async () => {
    await createUser(h.access.db, { username: 'root', role: 'admin', password: PASSWORD });
    const login = await app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: 'root', password: PASSWORD },
    });
    tokens.root = login.json().access_token;
    const url = '/v1/trust/dev-2/$reinstate';
    const payload = { reason: 'sensor replaced' };
    const denied = await app.inject({ method: 'POST', url, headers: as('ana'), payload });
    expect(denied.statusCode).toBe(403);
    expect(reinstated).toEqual([]);
    const ok = await app.inject({ method: 'POST', url, headers: as('root'), payload });
    expect(ok.statusCode).toBe(200);
    expect(reinstated).toEqual([['dev-2', 'sensor replaced']]);
    const conflict = await app.inject({
      method: 'POST',
      url: '/v1/trust/dev-1/$reinstate',
      headers: as('root'),
      payload,
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().issue[0].details.coding[0].code).toBe('VIGIL_TRUST_NOT_QUARANTINED');
  });
});

describe('ledger routes', () => {
  it('lists the newest batches first with their anchor, for auditors only', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/ledger/batches?_count=2', headers: as('aud') });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.total).toBe(3);
    expect(body.batches.map((b: { seq: number }) => b.seq)).toEqual([3, 2]);
    expect(body.batches[0]).toMatchObject({ status: 'pending', anchorTx: null });
    expect(body.batches[1]).toMatchObject({
      status: 'anchored',
      anchorBlock: 12,
      root: `0x${'02'.repeat(32)}`,
    });
    const refused = await app.inject({ method: 'GET', url: '/v1/ledger/batches', headers: as('ana') });
    expect(refused.statusCode).toBe(403);
  });

  it('runs the verification in the requested mode and returns its report', async () => {
    verifyCalls = [];
    const r = await app.inject({
      method: 'POST',
      url: '/v1/ledger/verify',
      headers: as('aud'),
      payload: { mode: 'fast' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, erasedReadings: 0, batches: { checked: 3 } });
    expect(verifyCalls).toEqual(['fast']);
    const refused = await app.inject({
      method: 'POST',
      url: '/v1/ledger/verify',
      headers: as('pat'),
      payload: {},
    });
    expect(refused.statusCode).toBe(403);
    expect(verifyCalls).toEqual(['fast']);
  });
});

describe('GET /v1/ward/stream', () => {
  it('streams only consented patients and drops a patient when consent is revoked', async () => {
    const expiresAt = Date.now() + 3600_000;
    await h.access.consent.grant({ patient: 'p-1', grantee: 'clin-ana', scope: 'read:vitals', expiresAt });
    await h.access.consent.grant({ patient: 'p-2', grantee: 'clin-ana', scope: 'read:vitals', expiresAt });
    await h.access.consents.sync();
    const abort = new AbortController();
    const res = await fetch(`${http.url}/v1/ward/stream`, { headers: as('ana'), signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += value;
      }
    };
    await until('event: hello');
    await until('\n\n');
    expect(text).toContain('"patients":["p-1","p-2"]');
    for (const l of listeners) {
      l(vitals('p-3', 77));
      l(vitals('p-1', 81));
    }
    await until('"value":81');
    expect(text).not.toContain('"value":77');

    await h.access.consent.revoke({ patient: 'p-1', grantee: 'clin-ana', scope: 'read:vitals' });
    await until('event: access-lost');
    expect(text).toMatch(/event: access-lost\ndata: \{"patient":"p-1"/);
    text = '';
    for (const l of listeners) {
      l(vitals('p-1', 91));
      l(vitals('p-2', 92));
    }
    await until('"value":92');
    expect(text).not.toContain('"value":91');
    abort.abort();
  });

  it('refuses a caller without a bearer token', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/ward/stream' });
    expect(r.statusCode).toBe(401);
  });
});
