import { type Static, Type } from '@sinclair/typebox';
import { REJECTION_CODES } from '../ingest/rejectionCodes.ts';

/** A FHIR OperationOutcome as Vigil sends it: one issue whose details carry the stable code. */
export const OperationOutcomeSchema = Type.Object(
  {
    resourceType: Type.Literal('OperationOutcome'),
    issue: Type.Array(
      Type.Object({
        severity: Type.String(),
        code: Type.String(),
        details: Type.Object({
          coding: Type.Array(Type.Object({ system: Type.String(), code: Type.String() })),
          text: Type.Optional(Type.String()),
        }),
        diagnostics: Type.Optional(Type.String()),
        expression: Type.Optional(Type.Array(Type.String())),
      }),
    ),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { description: 'FHIR OperationOutcome; issue[0].details.coding[0].code is the stable Vigil code' },
);

/** The OperationOutcome shape the API sends. */
export type OperationOutcomeBody = Static<typeof OperationOutcomeSchema>;

const RejectionCodeSchema = Type.Union(
  Object.keys(REJECTION_CODES).map((code) => Type.Literal(code)),
  { description: 'stable rejection code' },
);

/** The outcome of one reading of a message, in message order. */
export const IngestResultSchema = Type.Union([
  Type.Object({
    status: Type.Literal('accepted'),
    index: Type.Integer(),
    deviceId: Type.String(),
    seq: Type.Integer(),
    id: Type.String({ description: 'id of the stored reading' }),
    quarantined: Type.Boolean(),
  }),
  Type.Object({
    status: Type.Literal('rejected'),
    index: Type.Integer(),
    code: RejectionCodeSchema,
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    deviceId: Type.Optional(Type.String()),
    seq: Type.Optional(Type.Number()),
  }),
]);

/** Body of 202 and 207 answers: one result per reading. */
export const IngestResultsSchema = Type.Object({ results: Type.Array(IngestResultSchema) });

/** Removes `$id`s from a schema copy, so a schema can be embedded twice in one route for the docs. */
export function withoutIds<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema), (key, value) => (key === '$id' ? undefined : value)) as T;
}
