import { cpus } from 'node:os';
import { createUser } from '../../access/index.ts';
import { openAccessHarness } from '../../access/testing/accessHarness.ts';
import { makeInput, makeReading } from '../../store/testing/fixtures.ts';
import { buildApp } from '../buildApp.ts';

export type BenchClinicalApiReturnType = {
  machine: { cpus: number; model: string; node: string };
  requests: number;
  pageSize: number;
  /** Clinician searches with a live consent: token lookup, chain consent read, audit append, decrypt a page. */
  searchesPerSecond: number;
  /** Same search without a bearer token (answered 401 before any lookup): the framework baseline. */
  unauthenticatedPerSecond: number;
};

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** Measures `GET /v1/Observation` through `app.inject()` on a temporary SQLite store and embedded chain. */
export async function benchClinicalApi(params: { requests?: number; pageSize?: number } = {}) {
  const requests = params.requests ?? 1000;
  const pageSize = params.pageSize ?? 20;
  const h = await openAccessHarness();
  const app = buildApp({
    pipeline: {
      submit: async () => ({ results: [] }),
      stats: () => ({ accepted: 0, rejected: 0, pending: 0 }),
    },
    access: { service: h.access, store: h.store },
    docs: false,
  });
  try {
    await h.store.insertReadings(
      Array.from({ length: 200 }, (_, i) => makeInput(makeReading('dev-b', i, 'p-b'))),
    );
    const password = 'bench password long enough';
    await createUser(h.access.db, { username: 'clin', role: 'clinician', password, organisation: 'org-b' });
    await h.access.consent.grant({
      patient: 'p-b',
      grantee: 'clin-clin',
      scope: 'read:vitals',
      expiresAt: Date.now() + 3600_000,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: 'clin', password },
    });
    const headers = { authorization: `Bearer ${login.json().access_token}` };
    const url = `/v1/Observation?patient=p-b&_count=${pageSize}`;
    const first = await app.inject({ method: 'GET', url, headers });
    if (first.statusCode !== 200 || first.json().entry.length !== pageSize)
      throw new Error('bench: search failed');
    let t0 = process.hrtime.bigint();
    for (let i = 0; i < requests; i++) await app.inject({ method: 'GET', url, headers });
    const searchesPerSecond = Math.round(requests / seconds(t0));
    t0 = process.hrtime.bigint();
    for (let i = 0; i < requests; i++) await app.inject({ method: 'GET', url });
    const unauthenticatedPerSecond = Math.round(requests / seconds(t0));
    return {
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
      requests,
      pageSize,
      searchesPerSecond,
      unauthenticatedPerSecond,
    } satisfies BenchClinicalApiReturnType;
  } finally {
    await app.close();
    await h.close();
  }
}
