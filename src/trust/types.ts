import type { EvidenceDetail, EvidenceKind } from './evidence/evidenceKinds.ts';
import type { ExplanationItem, Opinion, ReputationState } from './reputation/types.ts';

/** The trust record of one device: plain JSON (persisted as is). */
export type DeviceTrustRecord = {
  deviceId: string;
  rep: ReputationState;
  quarantined: boolean;
  /** Why and when the current (or last) quarantine started; `detail` names the last disagreement. */
  quarantine?: { at: number; trust: number; reason: string; sincePos?: number; detail?: EvidenceDetail };
  /** Store position of the first accepted reading with negative evidence since the last reinstatement. */
  firstSuspectPos?: number;
  /** The most recent disagreement or drift against another device (explains a quarantine). */
  lastDisagreement?: EvidenceDetail;
  reinstatements: { at: number; reason: string }[];
  /** Quarantines and reinstatements: who (the trust engine, or the admin), when, why. */
  history?: TrustHistoryEntry[];
  /** Last commit on chain. */
  committed?: { at: number; scoreBp: number; digest: string; tx?: string };
};

/** One quarantine or reinstatement of a device. */
export type TrustHistoryEntry = {
  type: 'quarantine' | 'reinstate';
  at: number;
  /** `trust engine` for automatic quarantines, else the username of the admin. */
  by: string;
  reason: string;
  detail?: EvidenceDetail;
};

/** A change the trust engine decided; the service carries it out (store flags, chain events). */
export type TrustChange =
  | { type: 'quarantine'; deviceId: string; at: number; trust: number; reason: string; sincePos?: number }
  | { type: 'reinstate'; deviceId: string; at: number; trust: number; reason: string };

/** A device's score with the evidence that moved it most. */
export type TrustExplanation = {
  deviceId: string;
  at: number;
  opinion: Opinion;
  /** Trust in basis points (0-10000), as committed on chain. */
  scoreBp: number;
  quarantined: boolean;
  quarantine?: DeviceTrustRecord['quarantine'];
  items: ExplanationItem[];
  counts: Partial<Record<EvidenceKind, number>>;
  /** The evidence summary whose SHA-256 (canonical JSON) is committed on chain. */
  summary: EvidenceSummary;
  digest: `0x${string}`;
  committed?: DeviceTrustRecord['committed'];
  reinstatements: DeviceTrustRecord['reinstatements'];
  history: TrustHistoryEntry[];
};

/** What a committed score stands for (numbers rounded to 6 decimals so the digest is reproducible). */
export type EvidenceSummary = {
  v: 1;
  deviceId: string;
  at: number;
  r: number;
  s: number;
  scoreBp: number;
  quarantined: boolean;
  contributions: Partial<Record<EvidenceKind, number>>;
  counts: Partial<Record<EvidenceKind, number>>;
};
