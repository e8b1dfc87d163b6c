import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { AccessService } from '../access/index.ts';
import type { AlertService } from '../clinical/alerts/createAlertService.ts';
import type { IngestPipeline } from '../ingest/createIngestPipeline.ts';
import type { ProofService } from '../integrity/getProofDocument.ts';
import { NotFoundError } from './errors.ts';
import { type AccessRoutesOptions, accessRoutes } from './routes/accessRoutes.ts';
import { guardAlertRoutes, guardProofRoute } from './routes/accessSupport.ts';
import { type DashboardDependencies, dashboardRoutes } from './routes/dashboard.ts';
import { flagRoutes } from './routes/flags.ts';
import { type FlowRoutesOptions, flowRoutes } from './routes/flows.ts';
import { healthRoutes } from './routes/health.ts';
import { observationRoutes } from './routes/observations.ts';
import { proofRoutes } from './routes/proofs.ts';
import type { SignInLimits } from './routes/signInLimits.ts';
import { streamRoutes } from './routes/stream.ts';
import { toOperationOutcome } from './toOperationOutcome.ts';

/** The Fastify instance with the TypeBox type provider (route types inferred from schemas). */
export type VigilApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What the app needs; later routes add their dependencies here. */
export type BuildAppParameters = {
  pipeline: Pick<IngestPipeline, 'submit' | 'stats'>;
  /** Inclusion proofs (`GET /v1/observations/{id}/proof`); the route is absent without it. */
  proofs?: ProofService;
  /** The clinical API (auth, Consent, Patient, Device, Observation search, AuditEvent); absent without it. */
  access?: { service: AccessService; store: AccessRoutesOptions['store'] };
  /** Clinical alerts: `GET /v1/Flag`, `$acknowledge`, `Patient/{id}/$live`, `GET /v1/stream`; absent without it. */
  alerts?: AlertService;
  /** The web dashboard at `/` and its routes (ward stream, trust, ledger); absent without it. */
  dashboard?: DashboardDependencies;
  /** `POST /v1/flows` (ward network sensor flow records, scored by the attack detector); absent without it. */
  flows?: FlowRoutesOptions;
  /** SSE heartbeat period (default 15 s). */
  streamHeartbeatMs?: number;
  /** Log level (`info`, `warn`, …); default from `VIGIL_LOG`, logging off when unset. Bodies are never logged. */
  logLevel?: string | undefined;
  /** Serve the OpenAPI document at `/docs/json` and Swagger UI at `/docs` (default true). */
  docs?: boolean;
  /** Sign-in rate limits per address and per account (default 30 and 10 per minute). */
  signInLimits?: SignInLimits | undefined;
  /** Serve HTTPS with this PEM certificate chain and key (and send Strict-Transport-Security). */
  https?: { cert: Buffer | string; key: Buffer | string } | undefined;
};

/**
 * Swagger UI's policy: its bundle, styles and the OpenAPI document from this origin only; no inline
 * script, no framing, no plugins. The one inline style element Swagger UI inserts is allowed by its
 * hash (not 'unsafe-inline'); `test/e2e/docs.e2e.test.ts` fails if an upgrade changes it.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** A JSON API loads nothing: the policy of every answer that sets no other. */
const API_CSP = {
  useDefaults: false,
  directives: {
    'default-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  },
};

/**
 * Builds the HTTP app without listening (tests use `app.inject()`; `createHttpServer` listens).
 * Every error is answered as a FHIR OperationOutcome through `toOperationOutcome`.
 */
export function buildApp(deps: BuildAppParameters): VigilApp {
  const level = deps.logLevel ?? process.env.VIGIL_LOG;
  const app = Fastify({
    // Request logs carry method, url and status only: fastify's default serializers never log bodies.
    logger: level ? { level } : false,
    // The observations route reads at most 256 KiB + 1 itself; this bounds every other route.
    bodyLimit: 1024 * 1024,
    ...(deps.https ? { https: { cert: deps.https.cert, key: deps.https.key } } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Security headers on every answer (nosniff, no framing, no referrer, …); the dashboard and /docs
  // replace the API's Content-Security-Policy with their own. HSTS only where HTTPS is served.
  app.register(helmet, {
    global: true,
    contentSecurityPolicy: API_CSP,
    strictTransportSecurity: deps.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  // API answers hold patient data or credentials: no cache (browser or proxy) keeps them.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (/json/.test(String(reply.getHeader('content-type') ?? ''))) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error, request, reply) => {
    const { statusCode, body } = toOperationOutcome(error);
    if (statusCode >= 500) {
      const code = (error as { code?: unknown }).code;
      request.log.error({ code, name: (error as Error).name }, 'request failed');
    }
    return reply.code(statusCode).type('application/fhir+json').send(body);
  });
  app.setNotFoundHandler((request) => {
    throw new NotFoundError(`no route for ${request.method} ${request.url.split('?')[0]}`);
  });

  if (deps.docs !== false) {
    app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Vigil gateway API',
          version: '1',
          description: 'Trustworthy remote patient monitoring: signed FHIR vital-sign readings.',
        },
        tags: [
          { name: 'ingest', description: 'Device readings' },
          { name: 'system', description: 'Health' },
          { name: 'access', description: 'Login, consent and the audit trail' },
          { name: 'clinical', description: 'Patients, devices and observations (consent-checked)' },
        ],
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', description: 'POST /v1/auth/token' },
            sensorToken: {
              type: 'http',
              scheme: 'bearer',
              description: 'the gateway data directory file sensor-token',
            },
          },
        },
      },
    });
    app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP });
  }
  app.register(healthRoutes, { stats: () => deps.pipeline.stats() });
  app.register(observationRoutes, { pipeline: deps.pipeline });
  if (deps.flows) app.register(flowRoutes, deps.flows);
  if (deps.proofs) {
    const proofs = deps.proofs;
    app.register(async (scope: VigilApp) => {
      if (deps.access) guardProofRoute(scope, deps.access.service, deps.access.store);
      scope.register(proofRoutes, { proofs });
    });
  }
  if (deps.alerts) {
    const alerts = deps.alerts;
    // With the clinical API, alert routes sit behind bearer auth and consent (a scope of their own).
    app.register(async (scope: VigilApp) => {
      if (deps.access) guardAlertRoutes(scope, deps.access.service);
      scope.register(flagRoutes, { alerts });
      scope.register(streamRoutes, {
        alerts,
        ...(deps.streamHeartbeatMs === undefined ? {} : { heartbeatMs: deps.streamHeartbeatMs }),
      });
    });
  }
  if (deps.access) {
    app.register(accessRoutes, {
      access: deps.access.service,
      store: deps.access.store,
      signInLimits: deps.signInLimits,
    });
  }
  if (deps.dashboard) {
    app.register(dashboardRoutes, {
      ...deps.dashboard,
      access: deps.access?.service,
      alerts: deps.alerts,
    });
  }
  return app;
}
