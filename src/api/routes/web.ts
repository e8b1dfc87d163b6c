import { existsSync } from 'node:fs';
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

/** Serves the dashboard (`web/`) at `/` with a strict Content-Security-Policy. */
export async function webRoutes(app: VigilApp, options: { root?: string }): Promise<void> {
  const root = options.root ?? WEB_ROOT;
  if (!existsSync(join(root, 'index.html'))) return;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    cacheControl: false,
    setHeaders(res) {
      res.header('content-security-policy', DASHBOARD_CSP);
      res.header('x-content-type-options', 'nosniff');
      res.header('referrer-policy', 'no-referrer');
      res.header('cache-control', 'no-cache');
    },
  });
}
