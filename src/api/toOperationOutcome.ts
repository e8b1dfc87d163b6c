import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { toJsonSafe, VigilError } from '../errors/index.ts';
import { isRejectionCode, REJECTION_CODES, type Rejection } from '../ingest/rejectionCodes.ts';
import { ApiError } from './errors.ts';
import type { OperationOutcomeBody } from './schemas.ts';

/** Code system of Vigil's stable error and rejection codes (in `issue[0].details.coding[0]`). */
export const VIGIL_CODE_SYSTEM = 'https://vigil.health/fhir/CodeSystem/error-code';

/** An HTTP status and the FHIR OperationOutcome body that answers an error. */
export type ToOperationOutcomeReturnType = {
  statusCode: number;
  body: OperationOutcome & OperationOutcomeBody;
};

type IssueType = OperationOutcomeIssue['code'];

/** FHIR issue types of the rejection codes (http://hl7.org/fhir/issue-type). */
const ISSUE_TYPE: Record<string, IssueType> = {
  VIGIL_MESSAGE_TOO_LARGE: 'too-long',
  VIGIL_MESSAGE_MALFORMED: 'structure',
  VIGIL_READING_MALFORMED: 'structure',
  VIGIL_REQUEST_INVALID: 'invalid',
  VIGIL_DEVICE_UNKNOWN: 'security',
  VIGIL_DEVICE_REVOKED: 'forbidden',
  VIGIL_DEVICE_MISMATCH: 'forbidden',
  VIGIL_SIGNATURE_INVALID: 'security',
  VIGIL_READING_REPLAYED: 'duplicate',
  VIGIL_READING_CLOCK_SKEW: 'business-rule',
  VIGIL_READING_IMPLAUSIBLE: 'business-rule',
  VIGIL_RATE_EXCEEDED: 'throttled',
  VIGIL_RATE_LIMITED: 'throttled',
  VIGIL_OVERLOADED: 'transient',
  VIGIL_NOT_FOUND: 'not-found',
  VIGIL_PATIENT_UNKNOWN: 'not-found',
  VIGIL_UNSUPPORTED_MEDIA_TYPE: 'not-supported',
  VIGIL_INTERNAL: 'exception',
};

type Described = { code: string; message: string; details?: Record<string, unknown> };

function outcome(statusCode: number, e: Described): ToOperationOutcomeReturnType {
  const path = typeof e.details?.path === 'string' ? e.details.path : undefined;
  const issue: OperationOutcomeIssue = {
    severity: statusCode >= 500 ? 'fatal' : 'error',
    code: ISSUE_TYPE[e.code] ?? (statusCode >= 500 ? 'exception' : 'processing'),
    details: { coding: [{ system: VIGIL_CODE_SYSTEM, code: e.code }], text: e.message },
    diagnostics: e.message,
    ...(path === undefined ? {} : { expression: [path] }),
  };
  const body: OperationOutcome = { resourceType: 'OperationOutcome', issue: [issue] };
  // Details are PHI-free by contract (paths, limits, LOINC codes); they ride along as an extension-free copy.
  if (e.details) (body as { details?: unknown }).details = toJsonSafe(e.details);
  // Every issue above has details.coding[0] with system and code, as OperationOutcomeBody requires.
  return { statusCode, body: body as OperationOutcome & OperationOutcomeBody };
}

/** Fastify's own errors that carry a status (body too large, bad media type, validation, 404). */
function fastifyStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

/**
 * Maps anything thrown or refused (a `Rejection` value, a `VigilError`, a fastify error, an unknown
 * error) to an HTTP status and a FHIR `OperationOutcome` whose `issue[0].details.coding[0].code` is the
 * stable Vigil code. Unknown errors become `VIGIL_INTERNAL` 500 without their message (it may hold data).
 */
export function toOperationOutcome(error: unknown): ToOperationOutcomeReturnType {
  if (isRejection(error)) return outcome(REJECTION_CODES[error.code].httpStatus, error);
  if (error instanceof ApiError) return outcome(error.statusCode, errorView(error));
  if (error instanceof VigilError) {
    const status = isRejectionCode(error.code) ? REJECTION_CODES[error.code].httpStatus : 500;
    return outcome(status, errorView(error));
  }
  const fastify = error as { code?: unknown; validation?: unknown; message?: unknown };
  if (fastify?.validation !== undefined) {
    return outcome(400, {
      code: 'VIGIL_REQUEST_INVALID',
      message: String(fastify.message ?? 'invalid request'),
      details: validationDetails(fastify.validation),
    });
  }
  const status = fastifyStatus(error);
  if (status === 413) {
    return outcome(413, { code: 'VIGIL_MESSAGE_TOO_LARGE', message: 'the request body is too large' });
  }
  if (status === 415) {
    return outcome(415, { code: 'VIGIL_UNSUPPORTED_MEDIA_TYPE', message: 'unsupported content type' });
  }
  if (status === 404) return outcome(404, { code: 'VIGIL_NOT_FOUND', message: 'not found' });
  if (status !== undefined && status < 500) {
    const code = typeof fastify.code === 'string' ? fastify.code : 'FST_ERR';
    return outcome(status, {
      code: 'VIGIL_REQUEST_INVALID',
      message: String(fastify.message),
      details: { code },
    });
  }
  return outcome(500, { code: 'VIGIL_INTERNAL', message: 'internal error' });
}

function isRejection(value: unknown): value is Rejection {
  const r = value as Rejection | null;
  return r !== null && typeof r === 'object' && r.ok === false && isRejectionCode(r.code);
}

function errorView(error: VigilError): Described {
  const view = error.toJSON();
  return view.details ? view : { code: view.code, message: view.message };
}

function validationDetails(validation: unknown): Record<string, unknown> {
  const first = Array.isArray(validation) ? (validation[0] as { instancePath?: unknown }) : undefined;
  const path =
    typeof first?.instancePath === 'string' && first.instancePath !== '' ? first.instancePath : '/';
  return { path };
}
