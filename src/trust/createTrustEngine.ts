import type { AcceptedReading, RejectedReading } from '../ingest/createIngestPipeline.ts';
import { TrustActionError, TrustDeviceUnknownError } from './errors.ts';
import {
  type CadenceSource,
  type CreateCadenceSourceParameters,
  createCadenceSource,
} from './evidence/createCadenceSource.ts';
import {
  type CreateDisagreementSourceParameters,
  createDisagreementSource,
  type DisagreementSource,
} from './evidence/createDisagreementSource.ts';
import {
  type CreateJumpSourceParameters,
  createJumpSource,
  type JumpSource,
} from './evidence/createJumpSource.ts';
import {
  defaultEvidenceWeights,
  EVIDENCE_KINDS,
  type Evidence,
  type EvidenceWeights,
} from './evidence/evidenceKinds.ts';
import { readingQuantities } from './evidence/readingQuantities.ts';
import { rejectionEvidence } from './evidence/rejectionEvidence.ts';
import { formatQuarantineReason } from './formatQuarantineReason.ts';
import { computeOpinion } from './reputation/computeOpinion.ts';
import { createReputation } from './reputation/createReputation.ts';
import { decayReputation } from './reputation/decayReputation.ts';
import { discountNegativeEvidence } from './reputation/discountNegativeEvidence.ts';
import { explainReputation } from './reputation/explainReputation.ts';
import { DEFAULT_REPUTATION_PARAMETERS, type ReputationParameters } from './reputation/types.ts';
import { updateReputation } from './reputation/updateReputation.ts';
import { evidenceDigest, summarizeEvidence } from './summarizeEvidence.ts';
import type { DeviceTrustRecord, TrustChange, TrustExplanation } from './types.ts';

export type CreateTrustEngineParameters = {
  reputation?: Partial<ReputationParameters>;
  weights?: Partial<EvidenceWeights>;
  /** Quarantine when expected trust falls below this (default 0.4). */
  quarantineBelow?: number;
  /** Negative evidence needed before a quarantine (default 12: one forged signature, or two disagreements). */
  minNegativeEvidence?: number;
  /** Share of negative evidence kept when an admin reinstates a device (default 0: forgotten). */
  reinstateKeep?: number;
  jump?: CreateJumpSourceParameters;
  disagreement?: CreateDisagreementSourceParameters;
  cadence?: CreateCadenceSourceParameters;
};

/** The pure trust engine: evidence sources + reputation + quarantine decisions, no I/O. */
export type TrustEngine = {
  readonly quarantineBelow: number;
  readonly reputation: ReputationParameters;
  /** Evidence from accepted readings (pipeline `onAccepted`); returns the quarantines it decided. */
  observeAccepted(readings: readonly AcceptedReading[]): TrustChange[];
  /** Evidence from rejections (pipeline `onRejected`). */
  observeRejected(rejections: readonly RejectedReading[]): TrustChange[];
  /** Evidence from any other source (attack detector, anomaly detector). */
  addEvidence(items: readonly Evidence[]): TrustChange[];
  /** Gap evidence for devices silent too long at `now`. */
  checkGaps(now: number): TrustChange[];
  isQuarantined(deviceId: string): boolean;
  /** The score and its explanation, decayed to `at` (default: the record's last update). */
  explain(deviceId: string, at?: number): TrustExplanation;
  deviceIds(): string[];
  /** Lifts a quarantine, discounting negative evidence (see `reinstateKeep`); `by` names the admin. */
  reinstate(deviceId: string, reason: string, at: number, by?: string): TrustChange;
  /** Marks a device quarantined without evidence (e.g. restored from the chain or the store). */
  markQuarantined(deviceId: string, at: number, reason: string): void;
  /** Devices whose score changed since `takeDirty` was last called. */
  takeDirty(): string[];
  /** Puts devices back in the dirty set (a commit failed). */
  markDirty(ids: readonly string[]): void;
  record(deviceId: string): DeviceTrustRecord | undefined;
  records(): DeviceTrustRecord[];
  restore(records: readonly DeviceTrustRecord[]): void;
};

/** Builds a trust engine; every source is per-gateway state fed by the pipeline hooks. */
export function createTrustEngine(p: CreateTrustEngineParameters = {}): TrustEngine {
  const params: ReputationParameters = { ...DEFAULT_REPUTATION_PARAMETERS, ...p.reputation };
  const weights: EvidenceWeights = { ...defaultEvidenceWeights(), ...p.weights };
  const threshold = p.quarantineBelow ?? 0.4;
  const keep = p.reinstateKeep ?? 0;
  const minNegative = p.minNegativeEvidence ?? 12;
  const jumps: JumpSource = createJumpSource(p.jump);
  const disagreement: DisagreementSource = createDisagreementSource(p.disagreement);
  const cadence: CadenceSource = createCadenceSource(p.cadence);
  const devices = new Map<string, DeviceTrustRecord>();
  const dirty = new Set<string>();

  const recordOf = (deviceId: string, at: number): DeviceTrustRecord => {
    let rec = devices.get(deviceId);
    if (!rec) {
      rec = { deviceId, rep: createReputation(at), quarantined: false, reinstatements: [] };
      devices.set(deviceId, rec);
    }
    return rec;
  };
  const isQuarantined = (deviceId: string) => devices.get(deviceId)?.quarantined ?? false;
  const trustOf = (deviceId: string, at: number): number => {
    const rec = devices.get(deviceId);
    if (!rec) return params.baseRate;
    const rep = decayReputation(rec.rep, at, params);
    return computeOpinion(rep.r, rep.s, params).trust;
  };

  /** Applies evidence grouped by device and returns the quarantines it causes. */
  const apply = (items: readonly Evidence[]): TrustChange[] => {
    const byDevice = new Map<string, Evidence[]>();
    for (const e of items) {
      const list = byDevice.get(e.deviceId);
      if (list) list.push(e);
      else byDevice.set(e.deviceId, [e]);
    }
    const changes: TrustChange[] = [];
    for (const [deviceId, list] of byDevice) {
      const rec = recordOf(deviceId, list[0]!.at);
      rec.rep = updateReputation(rec.rep, { evidence: list, weights, params });
      for (const e of list) {
        if (e.pos !== undefined && EVIDENCE_KINDS[e.kind].polarity === 'negative') {
          rec.firstSuspectPos = Math.min(rec.firstSuspectPos ?? e.pos, e.pos);
        }
        if (e.detail) rec.lastDisagreement = e.detail;
      }
      dirty.add(deviceId);
      if (rec.quarantined) continue;
      const { opinion, items: why } = explainReputation(rec.rep, params);
      // A new device has almost no positive evidence: one artefact must not quarantine it at once.
      if (opinion.trust < threshold && rec.rep.s >= minNegative) {
        const reason = formatQuarantineReason(opinion.trust, threshold, why);
        const sincePos = rec.firstSuspectPos === undefined ? undefined : rec.firstSuspectPos - 1;
        rec.quarantined = true;
        const detail = rec.lastDisagreement;
        rec.quarantine = {
          at: rec.rep.at,
          trust: opinion.trust,
          reason,
          ...(sincePos === undefined ? {} : { sincePos }),
          ...(detail ? { detail } : {}),
        };
        rec.history = [
          ...(rec.history ?? []),
          { type: 'quarantine', at: rec.rep.at, by: 'trust engine', reason, ...(detail ? { detail } : {}) },
        ];
        changes.push({
          type: 'quarantine',
          deviceId,
          at: rec.rep.at,
          trust: opinion.trust,
          reason,
          ...(sincePos === undefined ? {} : { sincePos }),
        });
      }
    }
    return changes;
  };

  const evidenceOfReading = (a: AcceptedReading): Evidence[] => {
    const { deviceId } = a.reading;
    const at = a.receivedAt;
    const effective = Date.parse(a.reading.observation.effectiveDateTime ?? '') || at;
    const out: Evidence[] = [];
    const bad = (kind: Evidence['kind'], strength = 1, detail?: Evidence['detail']) =>
      out.push({ deviceId, kind, at, strength, pos: a.pos, ...(detail ? { detail } : {}) });
    if (cadence.observe(deviceId, at)) bad('flood');
    for (const { quantity, value } of readingQuantities(a.reading.observation)) {
      const j = jumps.observe(deviceId, quantity, value);
      const d = disagreement.observe({
        deviceId,
        patient: a.patient,
        quantity,
        value,
        at: effective,
        excludePeer: isQuarantined,
      });
      // Own-history jumps count only where no peer can judge (a change the peers confirm is clinical;
      // one they contradict is counted as disagreement).
      if (j.jump && d.peerIds.length === 0) bad('sudden_jump');
      if (d.disagrees || d.drift) {
        // With two or more peers the device disagrees with all of them: its fault. With one peer the two
        // cannot be told apart; split the blame by distrust, so the device with the worse record takes more.
        let share = 1;
        if (d.peerIds.length === 1) {
          const mine = 1 - trustOf(deviceId, at);
          const theirs = 1 - trustOf(d.peerIds[0]!, at);
          share = mine + theirs > 0 ? mine / (mine + theirs) : 0.5;
        }
        const detail = d.closest && {
          quantity,
          peerId: d.closest.peerId,
          diff: d.closest.diff,
          at: effective,
        };
        bad(d.disagrees ? 'disagreement' : 'drift', share, detail);
      }
    }
    if (out.length === 0) out.push({ deviceId, kind: 'good_reading', at, pos: a.pos });
    return out;
  };

  return {
    quarantineBelow: threshold,
    reputation: params,
    observeAccepted(readings) {
      const changes: TrustChange[] = [];
      // One reading at a time: the blame split of a reading depends on the trust left by the one before.
      for (const a of readings) changes.push(...apply(evidenceOfReading(a)));
      return changes;
    },
    observeRejected(rejections) {
      const items: Evidence[] = [];
      for (const r of rejections) {
        const e = rejectionEvidence(r);
        if (e) items.push(e);
      }
      return apply(items);
    },
    addEvidence: (items) => apply(items),
    checkGaps(now) {
      return apply(cadence.checkGaps(now).map((deviceId) => ({ deviceId, kind: 'gap' as const, at: now })));
    },
    isQuarantined,
    explain(deviceId, at) {
      const rec = devices.get(deviceId);
      if (!rec) throw new TrustDeviceUnknownError(deviceId);
      const rep = decayReputation(rec.rep, at ?? rec.rep.at, params);
      const { opinion, items } = explainReputation(rep, params);
      const scoreBp = Math.round(opinion.trust * 10_000);
      const summary = summarizeEvidence({ deviceId, rep, scoreBp, quarantined: rec.quarantined });
      return {
        deviceId,
        at: rep.at,
        opinion,
        scoreBp,
        quarantined: rec.quarantined,
        ...(rec.quarantine ? { quarantine: rec.quarantine } : {}),
        items,
        counts: { ...rep.counts },
        summary,
        digest: evidenceDigest(summary),
        ...(rec.committed ? { committed: rec.committed } : {}),
        reinstatements: rec.reinstatements,
        history: rec.history ?? [],
      };
    },
    deviceIds: () => [...devices.keys()],
    reinstate(deviceId, reason, at, by = 'admin') {
      const rec = devices.get(deviceId);
      if (!rec) throw new TrustDeviceUnknownError(deviceId);
      if (!rec.quarantined)
        throw new TrustActionError('VIGIL_TRUST_NOT_QUARANTINED', `device ${deviceId} is not quarantined`, {
          details: { deviceId },
        });
      checkReason(reason);
      rec.rep = discountNegativeEvidence(decayReputation(rec.rep, at, params), keep);
      rec.quarantined = false;
      delete rec.firstSuspectPos;
      delete rec.lastDisagreement;
      rec.reinstatements.push({ at, reason });
      rec.history = [...(rec.history ?? []), { type: 'reinstate', at, by, reason }];
      jumps.forget(deviceId);
      disagreement.forget(deviceId);
      dirty.add(deviceId);
      const trust = computeOpinion(rec.rep.r, rec.rep.s, params).trust;
      return { type: 'reinstate', deviceId, at, trust, reason };
    },
    markQuarantined(deviceId, at, reason) {
      const rec = recordOf(deviceId, at);
      if (rec.quarantined) return;
      rec.quarantined = true;
      rec.quarantine = { at, trust: trustOf(deviceId, at), reason };
      rec.history = [...(rec.history ?? []), { type: 'quarantine', at, by: 'gateway (restored)', reason }];
      dirty.add(deviceId);
    },
    takeDirty() {
      const ids = [...dirty];
      dirty.clear();
      return ids;
    },
    markDirty(ids) {
      for (const id of ids) dirty.add(id);
    },
    record: (deviceId) => devices.get(deviceId),
    records: () => [...devices.values()],
    restore(records) {
      for (const r of records) devices.set(r.deviceId, structuredClone(r));
    },
  };
}

/** An on-chain reason: 1-256 bytes, one line. */
export function checkReason(reason: string): void {
  const n = Buffer.byteLength(reason);
  if (n === 0 || n > 256 || /[\r\n]/.test(reason)) {
    throw new TrustActionError('VIGIL_TRUST_REASON_INVALID', 'a reason must be one line of 1-256 bytes', {
      details: { bytes: n },
    });
  }
}
