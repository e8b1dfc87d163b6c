import type { RejectedReading } from '../../ingest/createIngestPipeline.ts';
import type { RejectionCode } from '../../ingest/rejectionCodes.ts';
import type { Evidence, EvidenceKind } from './evidenceKinds.ts';

/** Which rejection codes are evidence, and of what. Codes that say nothing about the device map to nothing. */
export const REJECTION_EVIDENCE: Partial<Record<RejectionCode, EvidenceKind>> = {
  VIGIL_SIGNATURE_INVALID: 'signature_invalid',
  VIGIL_READING_REPLAYED: 'replay',
  VIGIL_DEVICE_MISMATCH: 'device_mismatch',
  VIGIL_DEVICE_REVOKED: 'device_revoked',
  VIGIL_READING_CLOCK_SKEW: 'clock_skew',
  VIGIL_READING_MALFORMED: 'malformed',
  VIGIL_RATE_EXCEEDED: 'rate_exceeded',
  VIGIL_READING_IMPLAUSIBLE: 'implausible',
};

/**
 * Evidence from one rejection of the ingest pipeline; undefined when it names no device or says nothing
 * about one (unknown device, oversized or unparsable message, gateway overload).
 */
export function rejectionEvidence(rejection: RejectedReading): Evidence | undefined {
  const kind = REJECTION_EVIDENCE[rejection.code];
  if (!kind || rejection.deviceId === undefined) return undefined;
  return { deviceId: rejection.deviceId, kind, at: rejection.receivedAt };
}
