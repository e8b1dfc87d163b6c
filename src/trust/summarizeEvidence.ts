import { createHash } from 'node:crypto';
import { canonicalize } from '../identity/canonicalize.ts';
import type { EvidenceKind } from './evidence/evidenceKinds.ts';
import type { ReputationState } from './reputation/types.ts';
import type { EvidenceSummary } from './types.ts';

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** The evidence summary of a decayed reputation (what a committed score stands for). */
export function summarizeEvidence(p: {
  deviceId: string;
  rep: ReputationState;
  scoreBp: number;
  quarantined: boolean;
}): EvidenceSummary {
  const contributions: Partial<Record<EvidenceKind, number>> = {};
  for (const [k, v] of Object.entries(p.rep.contributions) as [EvidenceKind, number][])
    contributions[k] = round6(v);
  return {
    v: 1,
    deviceId: p.deviceId,
    at: p.rep.at,
    r: round6(p.rep.r),
    s: round6(p.rep.s),
    scoreBp: p.scoreBp,
    quarantined: p.quarantined,
    contributions,
    counts: { ...p.rep.counts },
  };
}

/** SHA-256 of the RFC 8785 canonical JSON of an evidence summary, as bytes32 hex. */
export function evidenceDigest(summary: EvidenceSummary): `0x${string}` {
  return `0x${createHash('sha256').update(canonicalize(summary)).digest('hex')}`;
}
