/**
 * Every kind of trust evidence with its weight: the one table to read (and tune) the model from.
 * A weight is the amount of evidence one occurrence adds (times its strength in [0, 1]); positive kinds
 * add to r, negative kinds to s. Negative weights are larger than the positive one on purpose: one
 * forged signature must outweigh many good readings.
 */
export const EVIDENCE_KINDS = {
  good_reading: {
    polarity: 'positive',
    weight: 1,
    label: 'good readings',
    description: 'an accepted reading that raised no negative evidence',
  },
  signature_invalid: {
    polarity: 'negative',
    weight: 12,
    label: 'signature failures',
    description: 'VIGIL_SIGNATURE_INVALID: a reading signed with another key, or altered',
  },
  replay: {
    polarity: 'negative',
    weight: 8,
    label: 'replays',
    description: 'VIGIL_READING_REPLAYED: a seq at or below the last accepted one',
  },
  device_mismatch: {
    polarity: 'negative',
    weight: 10,
    label: 'device/patient mismatches',
    description: 'VIGIL_DEVICE_MISMATCH: the reading names another device or patient',
  },
  device_revoked: {
    polarity: 'negative',
    weight: 2,
    label: 'sends while revoked',
    description: 'VIGIL_DEVICE_REVOKED: a revoked device keeps sending',
  },
  clock_skew: {
    polarity: 'negative',
    weight: 3,
    label: 'clock skew',
    description: 'VIGIL_READING_CLOCK_SKEW: effective time far from the gateway clock',
  },
  malformed: {
    polarity: 'negative',
    weight: 2,
    label: 'malformed readings',
    description: 'VIGIL_READING_MALFORMED: a reading that does not match the schema',
  },
  rate_exceeded: {
    polarity: 'negative',
    weight: 1,
    label: 'rate-limit hits',
    description: 'VIGIL_RATE_EXCEEDED: the device exceeded its token bucket',
  },
  implausible: {
    polarity: 'negative',
    weight: 4,
    label: 'implausible values',
    description: 'VIGIL_READING_IMPLAUSIBLE: a value outside its physiological range',
  },
  sudden_jump: {
    polarity: 'negative',
    weight: 3,
    label: 'sudden jumps',
    description:
      "a jump against the device's own recent history, where no other device measures the same vital",
  },
  disagreement: {
    polarity: 'negative',
    weight: 8,
    label: 'disagreement with other devices',
    description: "a value far from every other device's value of the same vital of the same patient",
  },
  drift: {
    polarity: 'negative',
    weight: 8,
    label: 'sustained drift from other devices',
    description: 'a small offset from the other devices that persists (CUSUM over the residual)',
  },
  gap: {
    polarity: 'negative',
    weight: 0.5,
    label: 'silences',
    description: 'no reading for several expected intervals',
  },
  flood: {
    polarity: 'negative',
    weight: 5,
    label: 'floods',
    description: "a reading beyond five times the device's normal per-minute count",
  },
  attack_score: {
    polarity: 'negative',
    weight: 6,
    label: 'attack detector alarms',
    description: "the IoMT attack detector's score at or above its threshold (strength = score)",
  },
  anomaly_artefact: {
    polarity: 'negative',
    weight: 2,
    label: 'artefact anomalies',
    description: 'the clinical anomaly detector flagged a likely artefact (strength = its score)',
  },
} as const satisfies Record<
  string,
  { polarity: 'positive' | 'negative'; weight: number; label: string; description: string }
>;

/** A kind of trust evidence, e.g. `signature_invalid`. */
export type EvidenceKind = keyof typeof EVIDENCE_KINDS;

/** Every evidence kind, in table order. */
export const EVIDENCE_KIND_NAMES = Object.keys(EVIDENCE_KINDS) as EvidenceKind[];

/** Weights by kind; pass an override to the engine to tune. */
export type EvidenceWeights = Record<EvidenceKind, number>;

/** The weights of the table. */
export function defaultEvidenceWeights(): EvidenceWeights {
  const out = {} as EvidenceWeights;
  for (const k of EVIDENCE_KIND_NAMES) out[k] = EVIDENCE_KINDS[k].weight;
  return out;
}

/** One piece of evidence about one device. `strength` in (0, 1] scales the kind's weight (default 1). */
export type Evidence = {
  deviceId: string;
  kind: EvidenceKind;
  /** When it happened (ms since epoch). */
  at: number;
  strength?: number;
  /** Store position of the reading it is about, if any (used to flag readings from the first suspect one). */
  pos?: number;
  /** What a disagreement was about: the vital, the closest other device and the difference (no values). */
  detail?: EvidenceDetail;
};

/** The explanation of a disagreement or drift: which vital, against which device, by how much, when. */
export type EvidenceDetail = { quantity: string; peerId: string; diff: number; at: number };
