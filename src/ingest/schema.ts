import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { OBSERVATION_CATEGORY_SYSTEM, UCUM_SYSTEM } from './vitals.ts';

/** Largest accepted transport message in bytes. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** Most readings in one `{ readings: [...] }` message. */
export const MAX_READINGS_PER_MESSAGE = 500;

const ID = '[A-Za-z0-9._-]{1,31}';
/** RFC 3339 instant with seconds and an explicit offset (calendar validity is checked in validateReading). */
export const RFC3339_INSTANT =
  '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';

const strict = { additionalProperties: false } as const;

const Coding = Type.Object(
  { system: Type.String({ maxLength: 128 }), code: Type.String({ minLength: 1, maxLength: 64 }) },
  strict,
);
const CodeableConcept = Type.Object({ coding: Type.Array(Coding, { minItems: 1, maxItems: 4 }) }, strict);
const Quantity = Type.Object(
  {
    value: Type.Number(),
    unit: Type.String({ minLength: 1, maxLength: 16 }),
    system: Type.Literal(UCUM_SYSTEM),
    code: Type.String({ minLength: 1, maxLength: 16 }),
  },
  strict,
);
const Component = Type.Object({ code: CodeableConcept, valueQuantity: Quantity }, strict);

/**
 * A FHIR R4 vital-signs Observation as Vigil accepts it: no narrative, notes, names or free text,
 * so nothing beyond coded values can leak through a reading.
 */
export const ObservationSchema = Type.Object(
  {
    resourceType: Type.Literal('Observation'),
    status: Type.Union([
      Type.Literal('final'),
      Type.Literal('amended'),
      Type.Literal('corrected'),
      Type.Literal('preliminary'),
    ]),
    category: Type.Array(CodeableConcept, { minItems: 1, maxItems: 4 }),
    code: CodeableConcept,
    subject: Type.Object({ reference: Type.String({ pattern: `^Patient/${ID}$` }) }, strict),
    device: Type.Object({ reference: Type.String({ pattern: `^Device/${ID}$` }) }, strict),
    effectiveDateTime: Type.String({ pattern: RFC3339_INSTANT }),
    valueQuantity: Type.Optional(Quantity),
    component: Type.Optional(Type.Array(Component, { minItems: 2, maxItems: 2 })),
  },
  { ...strict, $id: 'VitalSignObservation' },
);

/** The signed reading envelope (wire format v1). */
export const SignedReadingSchema = Type.Object(
  {
    v: Type.Literal(1),
    deviceId: Type.String({ pattern: `^${ID}$` }),
    seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    observation: ObservationSchema,
    sig: Type.String({ pattern: '^[A-Za-z0-9_-]{85}[AQgw]$', description: 'base64url r‖s, 64 bytes' }),
  },
  { ...strict, $id: 'SignedReading' },
);

/** A transport message: one signed reading or a batch of 1..500 (for HTTP route schemas and docs). */
export const TransportMessageSchema = Type.Union(
  [
    SignedReadingSchema,
    Type.Object(
      {
        readings: Type.Array(SignedReadingSchema, { minItems: 1, maxItems: MAX_READINGS_PER_MESSAGE }),
      },
      strict,
    ),
  ],
  { $id: 'TransportMessage' },
);

/** The signed reading as the schema describes it (structurally a `SignedReading` from identity). */
export type SignedReadingWire = Static<typeof SignedReadingSchema>;

/** Compiled once at module load; checking a reading costs microseconds. */
export const signedReadingChecker = TypeCompiler.Compile(SignedReadingSchema);

export { OBSERVATION_CATEGORY_SYSTEM };
