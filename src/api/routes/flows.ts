import { type Static, Type } from '@sinclair/typebox';
import type { FlowScorer, SensorTokenCheck } from '../../flows/index.ts';
import { FLOW_COLUMNS } from '../../ml/wustlColumns.ts';
import type { VigilApp } from '../buildApp.ts';
import { ApiError, RequestInvalidError } from '../errors.ts';
import { bearerToken, ERRORS } from './accessSupport.ts';

/** `POST /v1/flows` dependencies: the scorer and the sensor token check. */
export type FlowRoutesOptions = { scorer: FlowScorer; checkToken: SensorTokenCheck };

const num = Type.Number({ minimum: 0 });
// A schema, not `false`: fastify's Ajv strips unknown properties that `false` forbids, and an address or a
// MAC sent by mistake must be refused, not silently dropped.
const STRICT = { additionalProperties: Type.Never() };

/** The Argus flow features the detector reads, by WUSTL name; nothing else (no addresses, ports, MACs). */
export const FlowFeaturesSchema = Type.Object(
  {
    ...(Object.fromEntries(FLOW_COLUMNS.map((c) => [c, num])) as Record<
      (typeof FLOW_COLUMNS)[number],
      typeof num
    >),
    Dir: Type.String({ pattern: '^ *[<>?-]{1,3} *$', description: "Argus direction, e.g. '->'" }),
    Flgs: Type.String({ pattern: '^[ A-Za-z*&]{0,16}$', description: "Argus state flags, e.g. ' e '" }),
  },
  STRICT,
);

export const FlowBatchSchema = Type.Object(
  {
    records: Type.Array(
      Type.Object(
        {
          deviceId: Type.String({ pattern: '^[A-Za-z0-9._-]{1,31}$' }),
          at: Type.Integer({ minimum: 0, description: 'end of the flow, milliseconds since the epoch' }),
          flow: FlowFeaturesSchema,
        },
        STRICT,
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  STRICT,
);
export type FlowBatch = Static<typeof FlowBatchSchema>;

const FlowResultSchema = Type.Object({
  deviceId: Type.String(),
  at: Type.Integer(),
  status: Type.Union([Type.Literal('scored'), Type.Literal('unknown-device')]),
  score: Type.Optional(Type.Number()),
  isAttack: Type.Optional(Type.Boolean()),
  evidence: Type.Optional(Type.Boolean({ description: 'an attack_score item reached the trust engine' })),
});

/**
 * `POST /v1/flows`: a ward network sensor (e.g. an Argus probe beside the access point) posts flow
 * records of device links; each is scored by the IoMT attack detector with the device's latest vitals and
 * alarms become trust evidence. Authenticated with the sensor token (`<dataDir>/sensor-token`).
 */
export async function flowRoutes(app: VigilApp, options: FlowRoutesOptions): Promise<void> {
  app.post(
    '/v1/flows',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Flow records of device links from the ward network sensor, scored by the attack detector',
        security: [{ sensorToken: [] }],
        body: FlowBatchSchema,
        response: { 200: Type.Object({ results: Type.Array(FlowResultSchema) }), ...ERRORS },
      },
      // Authenticate before the body is parsed, so an unauthenticated caller learns nothing.
      onRequest: async (request, reply) => {
        if (!options.checkToken(bearerToken(request))) {
          reply.header('www-authenticate', 'Bearer realm="vigil-sensor"');
          throw new ApiError('VIGIL_UNAUTHENTICATED', 401, 'a valid sensor token is required');
        }
      },
      preValidation: async (request) => refuseQuotedNumbers(request.body),
    },
    async (request) => ({ results: options.scorer.score(request.body.records) }),
  );
}

/**
 * Refuses numbers sent as strings before the schema runs: fastify's Ajv would coerce `"496"` to 496, and the
 * sensor contract is numbers only.
 */
function refuseQuotedNumbers(body: unknown): void {
  const records = (body as { records?: unknown })?.records;
  if (!Array.isArray(records)) return;
  for (const [i, r] of records.entries()) {
    const flow = (r as { flow?: Record<string, unknown> } | null)?.flow;
    if (!flow || typeof flow !== 'object') continue;
    for (const c of FLOW_COLUMNS) {
      if (c in flow && typeof flow[c] !== 'number') {
        throw new RequestInvalidError(`body/records/${i}/flow/${c} must be a number`, {
          details: { record: i, column: c },
        });
      }
    }
  }
}
