import type { Observation } from '@medplum/fhirtypes';

/** Wire format version of a signed reading. */
export const READING_VERSION = 1;

/** A reading as a device produces it before signing: everything but `sig`. */
export type UnsignedReading = {
  v: 1;
  /** 1-31 chars `[A-Za-z0-9._-]`; on chain as bytes32. */
  deviceId: string;
  /** Positive safe integer, strictly increasing per device. */
  seq: number;
  /** FHIR R4 vital-signs Observation. */
  observation: Observation;
};

/** A device-signed reading, the unit every transport carries. */
export type SignedReading = UnsignedReading & {
  /** base64url (no padding) of the 64-byte r‖s ECDSA P-256 signature. */
  sig: string;
};

/** The exact part of a reading that is signed (drops `sig` and any stray member). */
export function unsignedPart(reading: UnsignedReading): UnsignedReading {
  return { v: reading.v, deviceId: reading.deviceId, seq: reading.seq, observation: reading.observation };
}
