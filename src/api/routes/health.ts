import { Type } from '@sinclair/typebox';
import type { VigilApp } from '../buildApp.ts';

/** Reports liveness and the ingest pipeline's counters. */
export type HealthRouteOptions = {
  stats: () => { accepted: number; rejected: number; pending: number };
};

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  uptimeSeconds: Type.Number(),
  pipeline: Type.Object({
    accepted: Type.Integer({ description: 'readings stored since start' }),
    rejected: Type.Integer({ description: 'readings and messages rejected since start' }),
    pending: Type.Integer({ description: 'readings queued for the next commit' }),
  }),
});

/** `GET /health`: liveness plus pipeline counters (no patient data). */
export async function healthRoutes(app: VigilApp, options: HealthRouteOptions): Promise<void> {
  const started = Date.now();
  app.get(
    '/health',
    {
      schema: { tags: ['system'], summary: 'Liveness and ingest counters', response: { 200: HealthSchema } },
    },
    async () => ({
      status: 'ok' as const,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      pipeline: options.stats(),
    }),
  );
}
