import { type Static, Type } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;
/** 32-byte values (hashes, roots) are written 0x + 64 lowercase hex digits, the only accepted spelling. */
const Hex32 = Type.String({ pattern: '^0x[0-9a-f]{64}$' });
const Id = Type.String({ pattern: '^[A-Za-z0-9._-]{1,31}$' });
const SafeIndex = (minimum: number, maximum = Number.MAX_SAFE_INTEGER) => Type.Integer({ minimum, maximum });

/**
 * The signed reading as it was stored. Only its envelope is checked here: the leaf hash covers every
 * byte of the canonical form, so any change inside the observation is caught as a leaf mismatch.
 * Unknown top-level members are refused because the canonical leaf bytes ignore them.
 */
export const ProofReadingSchema = Type.Object(
  {
    v: Type.Literal(1),
    deviceId: Id,
    seq: SafeIndex(1),
    observation: Type.Object({ resourceType: Type.Literal('Observation') }, { additionalProperties: true }),
    sig: Type.String({ pattern: '^[A-Za-z0-9_-]{86}$' }),
  },
  strict,
);

/** A proof that one reading is leaf `leafIndex` of an anchored batch (version 1). */
export const ProofDocumentSchema = Type.Object(
  {
    type: Type.Literal('vigil.inclusion-proof'),
    version: Type.Literal(1),
    reading: ProofReadingSchema,
    leafHash: Hex32,
    leafIndex: SafeIndex(0),
    treeSize: SafeIndex(1, 2 ** 32 - 1),
    /** Sibling hashes from the leaf up (RFC 6962 PATH); at most 32 for a uint32 batch size. */
    proof: Type.Array(Hex32, { maxItems: 32 }),
    root: Hex32,
    batch: Type.Object(
      {
        gatewayId: Id,
        /** Batches of a gateway are numbered from 0 (DataAnchor). */
        seq: SafeIndex(0),
        /** Root of the gateway's previous batch; 32 zero bytes before the first. */
        prevRoot: Hex32,
        count: SafeIndex(1, 2 ** 32 - 1),
      },
      strict,
    ),
    anchor: Type.Object(
      {
        chainId: SafeIndex(1),
        contract: Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' }),
        txHash: Hex32,
        blockNumber: SafeIndex(0),
        blockHash: Hex32,
      },
      strict,
    ),
  },
  { ...strict, $id: 'VigilInclusionProof' },
);

/** A parsed, schema-valid inclusion-proof document. */
export type ProofDocument = Static<typeof ProofDocumentSchema>;
