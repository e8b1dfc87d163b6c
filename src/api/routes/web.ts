import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { VigilApp } from '../buildApp.ts';

/** The dashboard's folder in the repository (`web/`). */
export const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web');

/**
 * Strict policy for the dashboard: scripts, styles and connections only from this origin, no inline
 * scripts or styles, no framing, no plugins.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** uPlot's browser build (`uPlot.esm.js`, `uPlot.min.css`), served by the gateway itself: no CDN. */
export const UPLOT_ROOT = join(dirname(createRequire(import.meta.url).resolve('uplot')), '..', 'dist');

const headers = (res: { header(name: string, value: string): unknown }) => {
  res.header('content-security-policy', DASHBOARD_CSP);
  res.header('x-content-type-options', 'nosniff');
  res.header('referrer-policy', 'no-referrer');
  res.header('cache-control', 'no-cache');
};

/**
 * Serves the dashboard (`web/`) at `/` and the charting library at `/vendor/uplot/` (from `node_modules`),
 * both with a strict Content-Security-Policy.
 */
export async function webRoutes(app: VigilApp, options: { root?: string }): Promise<void> {
  const root = options.root ?? WEB_ROOT;
  if (!existsSync(join(root, 'index.html'))) return;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    cacheControl: false,
    setHeaders: headers,
  });
  await app.register(fastifyStatic, {
    root: UPLOT_ROOT,
    prefix: '/vendor/uplot/',
    decorateReply: false,
    cacheControl: false,
    allowedPath: (path) => path === '/uPlot.esm.js' || path === '/uPlot.min.css',
    setHeaders: headers,
  });
}
