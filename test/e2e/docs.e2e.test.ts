import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/buildApp.ts';
import { createHttpServer, type HttpServer } from '../../src/api/createHttpServer.ts';

// Issue #15 item 10: /docs has a Content-Security-Policy, and Swagger UI still works under it (a policy
// that broke the page would be noticed here, not by a reader of the docs).
const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const CI = process.env.CI === 'true';
if (!available && !CI)
  console.warn(`SKIP docs e2e: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

let http: HttpServer;
let browser: Browser;

describe.skipIf(!available && !CI)('Swagger UI at /docs under its Content-Security-Policy', () => {
  beforeAll(async () => {
    if (!available) throw new Error(`CI=true and no Chromium at ${CHROMIUM}`);
    const app = buildApp({
      pipeline: {
        submit: async () => ({ results: [] }),
        stats: () => ({ accepted: 0, rejected: 0, pending: 0 }),
      },
      docs: true,
    });
    http = createHttpServer({ app, host: '127.0.0.1', port: 0 });
    await http.start();
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
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await http?.stop();
  });

  it('renders the API description with no policy violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    // A string: this file is compiled without the DOM types, the script runs in the page.
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI));",
    );
    const response = await page.goto(`${http.url}/docs`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await page.locator('.swagger-ui .info .title').filter({ hasText: 'Vigil gateway API' }).waitFor();
    await page.getByText('/v1/observations').first().waitFor();
    expect(violations).toEqual([]);
    await page.close();
  }, 60_000);
});
