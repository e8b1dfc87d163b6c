/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScreen, launchChromium, openPage, signIn, skipWithoutChromium } from '../support/browser.ts';
import { type DemoGateway, startDemoGateway } from '../support/demoGateway.ts';

// Every screen of every role in headless Chromium against one demo gateway (4 patients; patient 1's
// oximeter is the compromised one): behaviour, an axe-core scan and screenshots at laptop and tablet size.
const skip = skipWithoutChromium('dashboard e2e');
let h: DemoGateway;
let browser: Browser;
const violations: string[] = [];

const url = () => h.gateway.http.url;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function as(username: string, viewport: 'laptop' | 'tablet' = 'laptop') {
  const opened = await openPage(browser, viewport);
  await signIn(opened.page, url(), username, h.passwordOf(username));
  return opened;
}

describe.skipIf(skip)('dashboard in headless Chromium against a demo gateway', () => {
  beforeAll(async () => {
    h = await startDemoGateway({ patients: 4, rate: 2, compromisedPatient: 1 });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  }, 60_000);

  it('serves the dashboard with a strict Content-Security-Policy (no inline scripts) and a clean sign-in screen', async () => {
    const r = await fetch(`${url()}/`);
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await r.text()).not.toMatch(/<script>(?!<\/script>)/);
    const { page, errors } = await openPage(browser);
    await page.goto(`${url()}/`);
    // Signed out: no sign-out button, no navigation.
    expect(await page.locator('#logout').isVisible()).toBe(false);
    expect(await page.locator('#nav').isVisible()).toBe(false);
    await page.getByLabel('Username').fill('dr.grey');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#login-error').textContent()).toBe('Wrong username or password.');
    violations.push(...(await checkScreen(page, 'sign-in')));
    expect(errors).toEqual([]);
  });

  it('clinician: the quarantined oximeter leaves NEWS2 within one update and its alert is resolved with the reason', async () => {
    const { page, errors } = await as('dr.grey');
    const patient = h.demo.fleet[1]!.pseudonym;
    const oximeter = h.demo.compromisedDevice;
    const card = page.locator(`article[data-patient="${patient}"]`);
    await card.waitFor({ timeout: 30_000 });
    // Record what every update of this card showed, on the machine's clock (the test shares it).
    await page.evaluate((p) => {
      const w = window as unknown as { __seen: { t: number; excluded: boolean; spo2: string }[] };
      w.__seen = [];
      const el = document.querySelector<HTMLElement>(`article[data-patient="${p}"]`)!;
      new MutationObserver(() =>
        w.__seen.push({
          t: Date.now(),
          excluded: (el.querySelector('.excluded')?.textContent ?? '').includes('SpO₂ not scored'),
          spo2: el.querySelector('[data-vital-row="spo2"]')?.getAttribute('data-state') ?? '',
        }),
      ).observe(el, { attributes: true, attributeFilter: ['data-updates'] });
    }, patient);
    while (!h.gateway.trust.isQuarantined(oximeter)) await sleep(50);
    const quarantinedAt = Date.now();
    await expect
      .poll(
        async () =>
          (await page.evaluate(() => (window as unknown as { __seen: { t: number }[] }).__seen)).filter(
            (u) => u.t > quarantinedAt + 200,
          ).length,
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    const seen = await page.evaluate(
      () => (window as unknown as { __seen: { t: number; excluded: boolean; spo2: string }[] }).__seen,
    );
    for (const u of seen.filter((x) => x.t > quarantinedAt + 200)) {
      expect(u).toMatchObject({ excluded: true, spo2: 'quarantined' });
    }
    expect(await card.locator('.excluded').textContent()).toContain(`device ${oximeter} quarantined`);
    // The alert that rested on the oximeter: resolved, with the reason, on the alerts screen.
    await page.locator('#nav-alerts').click();
    await expect
      .poll(() => page.locator('#resolved-list').textContent(), { timeout: 20_000 })
      .toMatch(
        new RegExp(`${patient} · .* resolved: device ${oximeter} quarantined; its readings no longer count`),
      );
    violations.push(...(await checkScreen(page, 'alerts-clinical')));
    await page.locator('#tab-technical').click();
    violations.push(...(await checkScreen(page, 'alerts-technical')));
    await page.locator('#tab-clinical').click();
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('clinician: acknowledges and silences alerts where they act, sees only their patients’ devices with the quarantine explained, records ACVPU, and break-glass refuses an unknown patient', async () => {
    const { page, errors } = await as('dr.grey');
    await expect.poll(() => page.locator('article[data-patient]').count(), { timeout: 30_000 }).toBe(4);
    violations.push(...(await checkScreen(page, 'ward')));

    // Acknowledge: the row says who and when; the focus stays in that row.
    await page.locator('#nav-alerts').click();
    const ack = page.locator('button.ack').first();
    await ack.waitFor({ timeout: 60_000 });
    const id = (await ack.getAttribute('data-alert'))!;
    await ack.click();
    const row = page.locator(`tr[data-alert-row="${id}"]`);
    await expect
      .poll(() => row.locator('.alert-status').textContent(), { timeout: 10_000 })
      .toContain('acknowledged by dr.grey at');
    expect(
      await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-alert-row')),
    ).toBe(id);
    expect(h.gateway.alerts.engine.get(id)).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'dr.grey',
    });
    // Silence with a reason.
    await row.locator('button.silence').click();
    await page.getByLabel('Reason (recorded)').fill('reviewed at the bedside, plan agreed');
    violations.push(...(await checkScreen(page, 'alerts-silence-dialog')));
    await page.locator('#silence-form button[type="submit"]').click();
    await expect
      .poll(() => row.locator('.alert-status').textContent(), { timeout: 10_000 })
      .toMatch(/silenced until .* by dr\.grey: reviewed at the bedside/);
    expect(h.gateway.alerts.engine.get(id)?.silenceReason).toBe('reviewed at the bedside, plan agreed');

    // Devices: only the 12 devices of the 4 consented patients; the quarantine names vital, device, size, time.
    await page.locator('#nav-devices').click();
    const bad = page.locator(`tr[data-device="${h.demo.compromisedDevice}"]`);
    await expect.poll(() => bad.getAttribute('data-quarantined'), { timeout: 30_000 }).toBe('true');
    expect(await page.locator('#devices-body tr').count()).toBe(12);
    expect(await bad.locator('.why').textContent()).toMatch(
      /heart rate differed from device \S+-mon by [+-]\d+(\.\d)? at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+\. Quarantined at/,
    );
    await bad.locator('summary').click();
    expect(await bad.textContent()).toContain('quarantined by trust engine');
    violations.push(...(await checkScreen(page, 'devices-clinician')));

    // Patient detail: record consciousness V; NEWS2 scores it and says who recorded it.
    const patient = h.demo.fleet[0]!.pseudonym;
    await page.goto(`${url()}/#patient/${patient}`);
    await page.getByLabel('Consciousness (ACVPU)').selectOption('V');
    await page.getByRole('button', { name: 'Record consciousness' }).click();
    await expect
      .poll(() => page.locator('#entry-message').textContent(), { timeout: 10_000 })
      .toContain('Recorded: consciousness V');
    await expect
      .poll(() => page.locator('#news2-body tr[data-param="consciousness"]').textContent(), {
        timeout: 10_000,
      })
      .toContain('3');
    expect(await page.locator('#news2-assumptions').textContent()).toMatch(
      /consciousness V recorded by dr\.grey at/,
    );
    // Supplemental oxygen on SpO2 scale 2 (a clinician's decision): NEWS2 reaches HIGH, and the new high
    // alert is announced on screen (aria-live) and audibly once sound is enabled by one click.
    await page.getByRole('button', { name: 'Enable alarm sound' }).click();
    await expect.poll(() => page.locator('#sound-state').textContent()).toBe('Alarm sound is on.');
    await page.getByLabel('Breathing').selectOption('oxygen');
    await page.getByLabel('Flow (L/min, if on oxygen)').fill('4');
    await page.getByRole('button', { name: 'Record oxygen' }).click();
    await expect
      .poll(() => page.locator('#entry-message').textContent(), { timeout: 10_000 })
      .toContain('supplemental oxygen 4 L/min');
    await page.getByLabel('SpO₂ scale').selectOption('2');
    await page.getByRole('button', { name: 'Set SpO₂ scale' }).click();
    await expect
      .poll(() => page.locator('#patient-band').textContent(), { timeout: 10_000 })
      .toMatch(/^▲▲ HIGH · NEWS2 \d+/);
    expect(await page.locator('#news2-body tr[data-param="airOrOxygen"]').textContent()).toContain('oxygen');
    const toast = page.locator('#alarm-toast');
    await expect.poll(() => toast.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await toast.getAttribute('aria-live')).toBe('assertive');
    expect(await page.locator('#alarm-text').textContent()).toMatch(
      new RegExp(`^New ▲▲ HIGH alert for ${patient}: NEWS2`),
    );
    expect(Number(await page.evaluate(() => document.body.dataset.lastBeep ?? '0'))).toBeGreaterThan(0);
    await expect
      .poll(async () => Number(await page.locator('#flowsheet').getAttribute('data-points')), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    violations.push(...(await checkScreen(page, 'patient-detail')));

    // Break-glass: an unknown patient is refused in words, and no card appears.
    await page.locator('#nav-ward').click();
    await page.locator('#break-glass summary').click();
    await page.getByLabel('Patient pseudonym').fill('p-nobody');
    await page
      .getByLabel('Reason (shown to the patient and auditors)')
      .fill('cardiac arrest call, consent cannot be asked');
    await page.getByRole('button', { name: /Break the glass/ }).click();
    await expect
      .poll(() => page.locator('#bg-message').textContent(), { timeout: 10_000 })
      .toMatch(/No emergency access was granted\. Not found: no patient p-nobody is known/);
    expect(await page.locator('article[data-patient="p-nobody"]').count()).toBe(0);
    violations.push(...(await checkScreen(page, 'ward-break-glass-refused')));
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('patient: chooses grantees by name, revokes vitals after a confirmation that explains it (alerts stay shared), and reads the access history in plain language', async () => {
    const { page, errors } = await as('pat.one', 'tablet');
    const me = h.demo.fleet[0]!.pseudonym;
    await expect.poll(() => page.locator('article[data-patient]').count(), { timeout: 30_000 }).toBe(1);
    violations.push(...(await checkScreen(page, 'patient-my-vitals')));
    await page.locator('#nav-consent').click();
    const grant = page.locator(`tr[data-grantee="clin-dr.grey"][data-scope="read:vitals"]`);
    await grant.waitFor({ timeout: 10_000 });
    expect(await grant.textContent()).toContain('Dr Meredith Grey');
    expect(await page.locator('#grant-grantee').textContent()).toContain('Dr Meredith Grey, Demo Hospital');
    violations.push(...(await checkScreen(page, 'consent')));
    await grant.getByRole('button', { name: /Revoke/ }).click();
    expect(await page.locator('#revoke-text').textContent()).toMatch(
      /stop seeing your vital signs within seconds.*Alerts you share separately stay visible/,
    );
    violations.push(...(await checkScreen(page, 'consent-revoke-dialog')));
    await page.locator('#revoke-confirm').click();
    await expect
      .poll(() => grant.locator('.consent-status').textContent(), { timeout: 30_000 })
      .toMatch(/^revoked at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d /);

    // The clinician keeps the patient's alerts (a separate consent), without the vital signs.
    const clinician = await as('dr.grey');
    const card = clinician.page.locator(`article[data-patient="${me}"]`);
    await expect
      .poll(() => card.locator('.card-status').textContent(), { timeout: 30_000 })
      .toBe('Vital signs not shared with you (alerts only)');
    // Emergency access: a badge with its expiry on the card.
    await clinician.page.locator('#break-glass summary').click();
    await clinician.page.getByLabel('Patient pseudonym').fill(me);
    await clinician.page
      .getByLabel('Reason (shown to the patient and auditors)')
      .fill('cardiac arrest call, consent cannot be asked');
    await clinician.page.getByRole('button', { name: /Break the glass/ }).click();
    await expect
      .poll(() => card.locator('.badge.emergency').textContent(), { timeout: 20_000 })
      .toMatch(/^EMERGENCY ACCESS until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d /);
    await expect
      .poll(() => card.locator('.card-status').textContent(), { timeout: 20_000 })
      .not.toContain('not shared');
    violations.push(...(await checkScreen(clinician.page, 'ward-emergency-access')));
    await clinician.context.close();

    await page.locator('#nav-history').click();
    await expect
      .poll(() => page.locator('#history-body').textContent(), { timeout: 10_000 })
      .toContain(
        'Dr Meredith Grey (dr.grey), clinician, used EMERGENCY ACCESS (break the glass) to your record: allowed (emergency access until 2',
      );
    expect(
      await page.locator('#history-body tr[data-break-glass="true"] .badge.emergency').count(),
    ).toBeGreaterThan(0);
    expect(await page.locator('#history-body').textContent()).toContain(
      'You revoked consent for your record: allowed (your own record)',
    );
    violations.push(...(await checkScreen(page, 'patient-access-history')));
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('admin: reinstates the oximeter with a form and a reason; the history says who, when and why', async () => {
    const { page, errors } = await as('demo-admin');
    const bad = page.locator(`tr[data-device="${h.demo.compromisedDevice}"]`);
    await expect.poll(() => bad.getAttribute('data-quarantined'), { timeout: 30_000 }).toBe('true');
    await bad.getByRole('button', { name: `Reinstate ${h.demo.compromisedDevice}` }).click();
    await page.getByLabel(/Why is it trustworthy again/).fill('sensor replaced by biomedical engineering');
    violations.push(...(await checkScreen(page, 'devices-reinstate-dialog')));
    await page.locator('#reinstate-form button[type="submit"]').click();
    await expect.poll(() => bad.getAttribute('data-quarantined'), { timeout: 20_000 }).toBe('false');
    await bad.locator('summary').click();
    expect(await bad.textContent()).toMatch(
      /reinstated by demo-admin: sensor replaced by biomedical engineering/,
    );
    expect(h.gateway.trust.explain(h.demo.compromisedDevice).history.at(-1)).toMatchObject({
      type: 'reinstate',
      by: 'demo-admin',
    });
    violations.push(...(await checkScreen(page, 'devices-admin')));
    await page.locator('#nav-ledger').click();
    await page.locator('#ledger-body tr').first().waitFor({ timeout: 30_000 });
    violations.push(...(await checkScreen(page, 'ledger')));
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('auditor: filters, pages, exports and verifies the audit chain; break-glass stands out', async () => {
    const { page, errors } = await as('audit.ann');
    await expect.poll(() => page.locator('#history-body tr').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByLabel('User', { exact: true }).fill('dr.grey');
    await page.getByLabel('Emergency access only').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // The filtered page replaces the unfiltered one: only emergency accesses, and at least one.
    const rows = (flag: string) => page.locator(`#history-body tr[data-break-glass="${flag}"]`).count();
    await expect
      .poll(async () => [await rows('false'), (await rows('true')) > 0], { timeout: 10_000 })
      .toEqual([0, true]);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await download;
    expect(csv.suggestedFilename()).toBe('vigil-audit.csv');
    await expect
      .poll(() => page.locator('#history-message').textContent())
      .toMatch(/^Exported \d+ entries as CSV\.$/);
    await page.getByRole('button', { name: 'Verify the audit chain' }).click();
    await expect
      .poll(() => page.locator('#verify-audit-result').getAttribute('data-ok'), { timeout: 60_000 })
      .toBe('true');
    violations.push(...(await checkScreen(page, 'audit')));
    await page.getByLabel('Emergency access only').uncheck();
    await page.getByLabel('User', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('#history-older').isDisabled(), { timeout: 10_000 }).toBe(false);
    await page.locator('#history-older').click();
    await expect.poll(() => page.locator('#history-page').textContent()).toMatch(/^Page 2/);
    await page.locator('#nav-ledger').click();
    await page.getByRole('button', { name: 'Verify store against the chain' }).click();
    await expect
      .poll(() => page.locator('#verify-result').getAttribute('data-ok'), { timeout: 60_000 })
      .toBe('true');
    violations.push(...(await checkScreen(page, 'ledger-verified')));
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('no screen has a serious or critical accessibility violation (axe-core)', () => {
    expect(violations).toEqual([]);
  });
});
