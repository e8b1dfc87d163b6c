import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedInUsers } from '../../../test/support/apiUsers.ts';
import { type AccessHarness, openAccessHarness } from '../../access/testing/accessHarness.ts';
import type { AlertService, AlertStreamEvent } from '../../clinical/alerts/createAlertService.ts';
import type { LivePatientState } from '../../clinical/live/createLiveMonitor.ts';
import { buildApp, type VigilApp } from '../buildApp.ts';
import { createHttpServer, type HttpServer } from '../createHttpServer.ts';

// The ward stream under load: bursts of vitals for many patients (what the pipeline's group commit
// produces) and a consumer that reads slowly. Issue #16 defect 1: the tail of each burst was dropped.
const PASSWORD = 'correct horse battery';
const PATIENTS = Array.from({ length: 30 }, (_, i) => `p-ward-${String(i).padStart(2, '0')}`);
let h: AccessHarness;
let app: VigilApp;
let http: HttpServer;
let token = '';
const listeners = new Set<(e: AlertStreamEvent) => void>();
const latest = new Map<string, LivePatientState>();

/** A realistic live state (every vital, NEWS2 with sub-scores): about 1 KB of JSON per event. */
function state(patient: string, n: number): LivePatientState {
  const t = Date.now();
  const v = (value: number, deviceId: string) => ({ value, time: t, deviceId, quarantined: false });
  return {
    patient,
    updatedAt: t,
    vitals: {
      heartRate: v(60 + (n % 40), `${patient}-monitor`),
      pulseRate: v(61 + (n % 40), `${patient}-oximeter`),
      respiratoryRate: v(16, `${patient}-monitor`),
      spo2: v(97, `${patient}-oximeter`),
      temperature: v(37.1, `${patient}-thermometer`),
      systolic: v(121, `${patient}-monitor`),
      diastolic: v(79, `${patient}-monitor`),
    },
    news2: {
      total: 0,
      band: 'low',
      scores: { respirationRate: 0, spo2: 0, systolic: 0, pulse: 0, temperature: 0 },
      missing: ['airOrOxygen', 'consciousness'],
      complete: false,
      assumptions: ['consciousness not reported by devices: assumed Alert', 'oxygen not reported: air'],
      at: t,
      devices: [],
      scale: 1,
      inputs: {},
    },
    risk: { probability: 0.12, at: t, model: 'x'.repeat(64), threshold: 0.5, horizon: 'in-hospital death' },
    flags: [],
    excluded: [],
    entries: {},
  };
}

const alerts = {
  subscribe(listener: (e: AlertStreamEvent) => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  live(patient: string) {
    const s = latest.get(patient);
    if (!s) throw Object.assign(new Error('not live'), { code: 'VIGIL_PATIENT_NOT_LIVE' });
    return { ...s, alerts: [] };
  },
  search: () => ({ total: 0, alerts: [] }),
} as unknown as AlertService;

/** Emits one burst: a vitals event for every patient in the same tick, in the same order each time. */
function burst(n: number) {
  for (const patient of PATIENTS) {
    const s = state(patient, n);
    latest.set(patient, s);
    for (const l of listeners) l({ type: 'vitals', state: s });
  }
}

type Received = { vitals: Map<string, number[]>; lastHeartRate: Map<string, number> };

/**
 * Opens the ward stream with a raw HTTP request; `bytesPerTick` > 0 reads at most that many bytes every
 * 20 ms (a slow consumer), else everything as it comes.
 */
async function openStream(bytesPerTick: number) {
  const got: Received = { vitals: new Map(), lastHeartRate: new Map() };
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(`${http.url}/v1/ward/stream`, {
      headers: { authorization: `Bearer ${token}` },
    });
    req.on('response', resolve).on('error', reject).end();
  });
  expect(res.statusCode).toBe(200);
  let buffer = '';
  const parse = (chunk: string) => {
    buffer += chunk;
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const name = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if ((name === 'vitals' || name === 'snapshot') && data) {
        const body = JSON.parse(data) as { patient: string; state?: unknown; vitals?: unknown };
        const s = (name === 'vitals' ? body : body.state) as {
          vitals?: { heartRate?: { value: number } };
        } | null;
        const hr = s?.vitals?.heartRate?.value;
        if (hr !== undefined) {
          got.vitals.set(body.patient, [...(got.vitals.get(body.patient) ?? []), Date.now()]);
          got.lastHeartRate.set(body.patient, hr);
        }
      }
      cut = buffer.indexOf('\n\n');
    }
  };
  res.setEncoding('utf8');
  let timer: NodeJS.Timeout | undefined;
  if (bytesPerTick > 0) {
    res.pause();
    timer = setInterval(() => {
      const chunk = res.read(Math.min(bytesPerTick, res.readableLength || bytesPerTick)) as string | null;
      if (chunk) parse(chunk);
    }, 20);
  } else res.on('data', parse);
  return {
    got,
    close() {
      clearInterval(timer);
      res.destroy();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  h = await openAccessHarness();
  app = buildApp({
    pipeline: { submit: async () => ({ results: [] }), stats: () => ({}) } as never,
    alerts,
    access: { service: h.access, store: h.store },
    docs: false,
    dashboard: { recheckMs: 60_000 },
  });
  http = createHttpServer({ app, host: '127.0.0.1', port: 0 });
  await http.start();
  const tokens = await createSignedInUsers(app, h.access.db, [
    { username: 'ward.nurse', role: 'clinician', password: PASSWORD, organisation: 'org-ward' },
  ]);
  token = tokens['ward.nurse']!;
  const expiresAt = Date.now() + 3_600_000;
  for (const patient of PATIENTS) {
    await h.access.consent.grant({ patient, grantee: 'clin-ward.nurse', scope: 'read:vitals', expiresAt });
  }
  await h.access.consents.sync();
}, 120_000);

afterAll(async () => {
  await http?.stop();
  await h?.close();
});

describe('GET /v1/ward/stream under load', () => {
  it('serves every patient when each burst of updates is larger than the socket buffer (no patient starves)', async () => {
    const stream = await openStream(0);
    await sleep(300);
    let n = 0;
    const producer = setInterval(() => burst(n++), 50);
    await sleep(4000);
    clearInterval(producer);
    await sleep(1500);
    stream.close();
    const counts = PATIENTS.map((p) => stream.got.vitals.get(p)?.length ?? 0);
    // Every patient, including the last of every burst, got at least one update per 1.5 s.
    expect(Math.min(...counts), `updates per patient: ${counts.join(' ')}`).toBeGreaterThanOrEqual(3);
    // The last state reached every patient's card (coalesced, not dropped).
    for (const p of PATIENTS)
      expect(stream.got.lastHeartRate.get(p)).toBe(latest.get(p)!.vitals.heartRate!.value);
  }, 30_000);

  it('coalesces to the latest state per patient for a slow consumer and serves patients in turn', async () => {
    const stream = await openStream(2048);
    await sleep(300);
    let n = 1000;
    const producer = setInterval(() => burst(n++), 50);
    await sleep(5000);
    clearInterval(producer);
    await sleep(4000);
    stream.close();
    const counts = PATIENTS.map((p) => stream.got.vitals.get(p)?.length ?? 0);
    expect(Math.min(...counts), `updates per patient: ${counts.join(' ')}`).toBeGreaterThanOrEqual(3);
    // Fair: the best-served patient got at most twice as many updates as the worst-served one.
    expect(Math.max(...counts) / Math.min(...counts)).toBeLessThanOrEqual(2);
    for (const p of PATIENTS)
      expect(stream.got.lastHeartRate.get(p)).toBe(latest.get(p)!.vitals.heartRate!.value);
  }, 30_000);
});
