import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoHospital } from '../../src/cli/demo/runDemoHospital.ts';
import { runDemoHospital } from '../../src/cli/demo/runDemoHospital.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createGateway, type Gateway } from '../../src/gateway/index.ts';

// Headless Chromium from Debian (apt-get install chromium), driven by playwright-core.
const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const CI = process.env.CI === 'true';
if (!available && !CI) {
  console.warn(`SKIP dashboard e2e: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
}
const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

let dir: string;
let gateway: Gateway;
let browser: Browser;
let demo: DemoHospital;
const abort = new AbortController();
let simulation: Promise<unknown> = Promise.resolve();

const passwordOf = (username: string) => {
  const s = demo.signIns?.find((u) => u.username === username);
  if (!s) throw new Error(`no demo sign-in for ${username}`);
  return s.password;
};

async function signIn(page: Page, username: string) {
  await page.goto(`${gateway.http.url}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(passwordOf(username));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who-name').filter({ hasText: username }).waitFor();
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

describe.skipIf(!available && !CI)('dashboard in headless Chromium against a demo gateway', () => {
  beforeAll(async () => {
    if (!available) throw new Error(`CI=true and no Chromium at ${CHROMIUM}`);
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-dash-'));
    gateway = await createGateway(
      loadConfig({ dataDir: dir, httpPort: '0', mqttPort: '0', masterKey: '33'.repeat(32) }, {}),
      { onError: () => undefined },
    );
    const ready = new Promise<DemoHospital>((resolve, reject) => {
      simulation = runDemoHospital(gateway, {
        signal: abort.signal,
        patients: 4,
        rate: 2,
        onReady: resolve,
      }).catch(reject);
    });
    demo = await ready;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    abort.abort();
    await simulation.catch(() => undefined);
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('serves the dashboard with a strict Content-Security-Policy (no inline scripts)', async () => {
    const r = await fetch(`${gateway.http.url}/`);
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await r.text()).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('clinician: live vitals update, an alert is acknowledged, the compromised device is quarantined; patient revokes and the clinician loses access', async () => {
    const clinician = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    clinician.on('pageerror', (e) => errors.push(e.message));
    await signIn(clinician, 'dr.grey');

    // Ward: one card per consented demo patient, updated live from the stream.
    const cards = clinician.locator('article[data-patient]');
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(demo.fleet.length);
    const first = demo.fleet[0]!.pseudonym;
    const card = clinician.locator(`article[data-patient="${first}"]`);
    await card.locator('dd[data-vital="heartRate"]').filter({ hasText: '/min' }).waitFor({ timeout: 30_000 });
    const before = Number(await card.getAttribute('data-updates'));
    await expect
      .poll(async () => Number(await card.getAttribute('data-updates')), { timeout: 30_000 })
      .toBeGreaterThan(before);
    await expect.poll(() => card.locator('.news2').textContent()).toMatch(/NEWS2 \d+/);
    expect(await card.locator('svg.trend polyline').first().getAttribute('points')).toMatch(/\d/);
    await shot(clinician, 'clinician-ward');

    // Alerts: at least one open alert appears from the stream; acknowledging it is recorded.
    await clinician.locator('#nav-alerts').click();
    const ack = clinician.locator('button.ack').first();
    await ack.waitFor({ timeout: 60_000 });
    const id = await ack.getAttribute('data-alert');
    await ack.click();
    const row = clinician.locator(`tr[data-alert-row="${id}"]`);
    await expect
      .poll(() => row.locator('.alert-status').textContent(), { timeout: 10_000 })
      .toBe('acknowledged');
    const flags = gateway.alerts.search({ count: 1000, offset: 0 }).alerts;
    expect(flags.find((a) => a.id === id)).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'dr.grey',
    });
    await shot(clinician, 'clinician-alerts');

    // Devices: the biased oximeter is quarantined by the trust engine, with its reason shown.
    await clinician.locator('#nav-devices').click();
    const bad = clinician.locator(`tr[data-device="${demo.compromisedDevice}"]`);
    await expect
      .poll(async () => bad.getAttribute('data-quarantined').catch(() => null), {
        timeout: 120_000,
        interval: 2000,
      })
      .toBe('true');
    expect(await bad.textContent()).toContain('quarantined');
    expect(await bad.textContent()).toMatch(/disagree/i);
    expect(await clinician.locator('tr[data-quarantined="true"]').count()).toBe(1);
    await shot(clinician, 'clinician-devices');
    await clinician.locator('#nav-ward').click();

    // Patient: sees their own vitals only, then revokes the clinician's vitals consent.
    const context = await browser.newContext({ viewport: { width: 820, height: 1180 } });
    const patient = await context.newPage();
    await signIn(patient, 'pat.one');
    await expect.poll(() => patient.locator('article[data-patient]').count(), { timeout: 30_000 }).toBe(1);
    await patient.locator('#nav-consent').click();
    const grant = patient
      .locator(`tr[data-grantee="${demo.clinicianGrantee}"]`)
      .filter({ hasText: 'read:vitals' });
    await grant.getByRole('button', { name: /Revoke/ }).click();
    await expect
      .poll(() => patient.locator('#consent-message').textContent(), { timeout: 30_000 })
      .toBe('Consent revoked.');
    await expect.poll(() => grant.getAttribute('data-status'), { timeout: 10_000 }).toBe('inactive');
    await shot(patient, 'patient-consent');

    // The clinician's ward loses the patient at the next consent re-check; the API refuses too.
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(0);
    expect(await clinician.locator('#ward-status').textContent()).toContain(`access to ${first} ended`);
    expect(await cards.count()).toBe(demo.fleet.length - 1);
    await shot(clinician, 'clinician-after-revoke');
    // The page's own session (evaluated in the browser, where sessionStorage exists).
    const token: string = await clinician.evaluate(
      'JSON.parse(sessionStorage.getItem("vigil.session") ?? "{}").token',
    );
    const live = await fetch(`${gateway.http.url}/v1/Patient/${first}/$live`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(live.status).toBe(403);

    // Break the glass: the clinician regains the patient for an hour, flagged in the audit trail.
    await clinician.locator('#break-glass summary').click();
    await clinician.getByLabel('Patient pseudonym').fill(first);
    await clinician.getByLabel(/^Reason/).fill('cardiac arrest call, consent cannot be asked');
    await clinician.getByRole('button', { name: /Break the glass/ }).click();
    await expect
      .poll(() => clinician.locator('#bg-message').textContent(), { timeout: 10_000 })
      .toContain(first);
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    await shot(clinician, 'clinician-break-glass');

    // The patient's access history shows the clinician's reads and the revocation.
    await patient.locator('#nav-history').click();
    await expect
      .poll(() => patient.locator('#history-body').textContent(), { timeout: 10_000 })
      .toContain('dr.grey');
    expect(await patient.locator('#history-body').textContent()).toContain('revoke');
    expect(await patient.locator('#history-body').textContent()).toContain('BREAK-GLASS');
    await shot(patient, 'patient-history');
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('admin: reinstates the quarantined oximeter from the device table', async () => {
    const page = await browser.newPage();
    await signIn(page, 'demo-admin');
    const bad = page.locator(`tr[data-device="${demo.compromisedDevice}"]`);
    await expect.poll(() => bad.getAttribute('data-quarantined'), { timeout: 30_000 }).toBe('true');
    page.once('dialog', (dialog) => void dialog.accept('sensor replaced by biomedical engineering'));
    await bad.getByRole('button', { name: `Reinstate ${demo.compromisedDevice}` }).click();
    await expect
      .poll(() => gateway.trust.explain(demo.compromisedDevice).reinstatements.at(-1)?.reason, {
        timeout: 20_000,
      })
      .toBe('sensor replaced by biomedical engineering');
    await shot(page, 'admin-devices');
  }, 60_000);

  it('auditor: the ledger lists anchored batches and verification passes', async () => {
    const page = await browser.newPage();
    await signIn(page, 'audit.ann');
    await page.locator('#nav-ledger').click();
    await page.locator('#ledger-body tr').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Verify store against the chain' }).click();
    await expect
      .poll(() => page.locator('#verify-result').getAttribute('data-ok'), { timeout: 60_000 })
      .toBe('true');
    expect(await page.locator('#verify-result').textContent()).toContain('Verified');
    await shot(page, 'auditor-ledger');
  }, 120_000);
});
