import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium), or `VIGIL_CHROMIUM`. */
export const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
/** Whether the browser tests can run here; under `CI=true` they must. */
export const chromiumAvailable = existsSync(CHROMIUM);
/** Screenshots of every screen land here (gitignored). */
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

/** The two screens a ward uses: a laptop at the nurses' station and a tablet at the bedside. */
export const VIEWPORTS = {
  laptop: { width: 1440, height: 900 },
  tablet: { width: 820, height: 1180 },
} as const;

/** Prints the visible skip line (or fails under CI) when Chromium is absent; returns whether to skip. */
export function skipWithoutChromium(file: string): boolean {
  if (chromiumAvailable) return false;
  if (process.env.CI === 'true') return false;
  console.warn(`SKIP ${file}: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  return true;
}

/** Launches headless Chromium with the flags STACK.md lists (sound allowed without a gesture). */
export async function launchChromium(): Promise<Browser> {
  if (!chromiumAvailable) throw new Error(`CI=true and no Chromium at ${CHROMIUM}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** A page that records page errors and console errors (a broken pattern, a failed script). */
export async function openPage(
  browser: Browser,
  viewport: keyof typeof VIEWPORTS = 'laptop',
): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORTS[viewport] });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // Resource loads that fail while a test stops the gateway on purpose are expected.
    if (m.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED|net::ERR/.test(m.text())) {
      errors.push(`console: ${m.text()}`);
    }
  });
  return { page, context, errors };
}

/** Signs in through the form and waits for the signed-in header. */
export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who-name').filter({ hasText: username }).waitFor();
}

/** Runs axe-core on the page; returns the serious and critical violations (id, impact, targets). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Saves a full-page screenshot `<name>-<viewport>.png` into test-artifacts/. */
export async function shot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  const which = size?.width === VIEWPORTS.tablet.width ? 'tablet' : 'laptop';
  await page.screenshot({ path: join(ARTIFACTS, `${name}-${which}.png`), fullPage: true });
}

/** Checks a screen at both sizes: axe-core scan and a screenshot each. */
export async function checkScreen(page: Page, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const viewport of ['laptop', 'tablet'] as const) {
    await page.setViewportSize(VIEWPORTS[viewport]);
    await page.waitForTimeout(300);
    found.push(...(await seriousViolations(page)).map((v) => `${name} (${viewport}): ${v}`));
    await shot(page, name);
  }
  await page.setViewportSize(VIEWPORTS.laptop);
  return found;
}
