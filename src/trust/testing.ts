import { buildObservation, type VitalValue } from '../ingest/buildObservation.ts';
import type { AcceptedReading } from '../ingest/createIngestPipeline.ts';
import type { VitalKind } from '../ingest/vitals.ts';

let pos = 0;

/** Test helper: an accepted reading as the pipeline hands it over (fake signature, made-up values). */
export function acceptedReading(
  deviceId: string,
  patient: string,
  kind: VitalKind,
  value: VitalValue,
  at: number,
): AcceptedReading {
  pos += 1;
  return {
    id: `r${pos}`,
    pos,
    patient,
    quarantined: false,
    receivedAt: at,
    transport: 'mqtt',
    reading: {
      v: 1,
      deviceId,
      seq: pos,
      observation: buildObservation({ kind, value, deviceId, patient, effectiveAt: at }),
      sig: 'x',
    },
  };
}
