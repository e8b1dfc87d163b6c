import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, listAudit } from '../../access/index.ts';
import { type AccessHarness, openAccessHarness } from '../../access/testing/accessHarness.ts';
import { buildApp, type VigilApp } from '../buildApp.ts';

// Issue #15 item 3: the lock-out holds under concurrency, and sign-ins are rate-limited per address and
// per account.
let h: AccessHarness;
const PASSWORD = 'correct horse battery';
const apps: VigilApp[] = [];
const codeOf = (r: { json(): unknown }) =>
  (r.json() as { issue: { details: { coding: { code: string }[] } }[] }).issue[0]!.details.coding[0]!.code;

/** An app over the shared harness with the given sign-in limits (per window of one minute). */
function appWith(limits: { perAddress: number; perAccount: number }): VigilApp {
  const app = buildApp({
    pipeline: {
      submit: async () => ({ results: [] }),
      stats: () => ({ accepted: 0, rejected: 0, pending: 0 }),
    },
    access: { service: h.access, store: h.store },
    signInLimits: { ...limits, windowMs: 60_000 },
    docs: false,
  });
  apps.push(app);
  return app;
}
const signIn = (app: VigilApp, username: string, password: string, remoteAddress = '127.0.0.1') =>
  app.inject({ method: 'POST', url: '/v1/auth/token', payload: { username, password }, remoteAddress });

beforeAll(async () => {
  h = await openAccessHarness();
  for (const username of ['target', 'calm']) {
    await createUser(h.access.db, { username, role: 'auditor', password: PASSWORD });
  }
}, 60_000);
afterAll(async () => {
  for (const app of apps) await app.close();
  await h?.close();
});

describe('lock-out under concurrent sign-ins', () => {
  it('refuses the right password sent among 99 simultaneous wrong ones, and stays locked', async () => {
    // Limits out of the way: the lock-out itself must hold.
    const app = appWith({ perAddress: 1000, perAccount: 1000 });
    const passwords = Array.from({ length: 100 }, (_, i) => (i === 95 ? PASSWORD : `wrong password ${i}`));
    const answers = await Promise.all(passwords.map((p) => signIn(app, 'target', p)));
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toEqual([]);
    // Five attempts are checked (four answered 401, the fifth locks); every other one is refused unchecked.
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 423)).toHaveLength(96);
    expect(codeOf(answers[95]!)).toBe('VIGIL_ACCOUNT_LOCKED');
    const after = await signIn(app, 'target', PASSWORD);
    expect(after.statusCode).toBe(423);
  }, 120_000);

  it('still signs in a user whose right password comes among the first attempts', async () => {
    const app = appWith({ perAddress: 1000, perAccount: 1000 });
    const answers = await Promise.all(
      [PASSWORD, 'wrong one here', 'wrong two here'].map((p) => signIn(app, 'calm', p)),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([200, 401, 401]);
  }, 60_000);
});

describe('sign-in rate limits', () => {
  it('throttles a password spray from one address after the per-address limit', async () => {
    const app = appWith({ perAddress: 20, perAccount: 1000 });
    const answers = [];
    for (let i = 0; i < 120; i++) answers.push(await signIn(app, `spray-${i}`, 'Winter2025!', '10.0.0.66'));
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(100).fill(429));
    const limited = answers[20]!;
    expect(codeOf(limited)).toBe('VIGIL_RATE_LIMITED');
    expect(limited.json().issue[0].code).toBe('throttled');
    expect(limited.json().details).toMatchObject({ limit: 20, per: 'address' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await signIn(app, 'spray-x', 'Winter2025!', '10.0.0.67')).statusCode).toBe(401);
    // The throttled window is audited once, not once per refused attempt.
    const audit = await listAudit(h.access.db, { limit: 500 });
    const throttled = audit.filter((e) => e.reason.startsWith('VIGIL_RATE_LIMITED'));
    expect(throttled).toHaveLength(1);
    expect(throttled[0]!.reason).toContain('10.0.0.66');
  }, 120_000);

  it('throttles attempts on one account from many addresses, whether or not it exists', async () => {
    const app = appWith({ perAddress: 1000, perAccount: 10 });
    const statuses = [];
    for (let i = 0; i < 15; i++) {
      statuses.push((await signIn(app, 'ghost', `guess number ${i}`, `10.1.0.${i + 1}`)).statusCode);
    }
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(5).fill(429)]);
  }, 120_000);

  it('limits token revocation attempts per address too', async () => {
    const app = appWith({ perAddress: 3, perAccount: 1000 });
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({
        method: 'DELETE',
        url: '/v1/auth/token',
        headers: { authorization: `Bearer vgl_guess${i}` },
        remoteAddress: '10.2.0.1',
      });
      statuses.push(r.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});
