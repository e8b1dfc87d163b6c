import type { SignedReading } from '../identity/reading.ts';
import { readingLeafBytes } from '../identity/readingLeaf.ts';
import { readingSignedBytes } from '../identity/signReading.ts';
import { decodeSignature } from '../identity/verifyReadingSignature.ts';
import { leafHash } from '../integrity/leafHash.ts';
import type { ReadingInput, Store, Transport } from '../store/index.ts';
import { type ClockSkewLimits, checkClockSkew, DEFAULT_CLOCK_SKEW } from './checkClockSkew.ts';
import { checkPlausibility } from './checkPlausibility.ts';
import { createGroupCommitter } from './createGroupCommitter.ts';
import { createRateLimiter } from './createRateLimiter.ts';
import { createVerifyBatcher } from './createVerifyBatcher.ts';
import type { DeviceDirectory } from './deviceDirectory.ts';
import { parseMessage } from './parseMessage.ts';
import { type Rejection, type RejectionCode, reject } from './rejectionCodes.ts';
import { validateReading } from './validateReading.ts';
import type { VerifyPool } from './verifyPool.ts';

/** The outcome of one reading. */
export type IngestResult =
  | { status: 'accepted'; index: number; deviceId: string; seq: number; id: string; quarantined: boolean }
  | {
      status: 'rejected';
      index: number;
      code: RejectionCode;
      message: string;
      details?: Record<string, unknown>;
      deviceId?: string;
      seq?: number;
    };

/** The outcome of one message: a message-level rejection, or one result per reading. */
export type SubmitReturnType = { rejection?: Rejection; results: IngestResult[] };

/** A reading that was stored (handed to the batcher, trust engine and clinical analytics). */
export type AcceptedReading = {
  id: string;
  pos: number;
  reading: SignedReading;
  patient: string;
  quarantined: boolean;
  receivedAt: number;
  transport: Transport;
};

/** A rejection as recorded, for the trust engine (no payload, no PHI). */
export type RejectedReading = { code: RejectionCode; deviceId?: string; seq?: number; receivedAt: number };

export type CreateIngestPipelineParameters = {
  store: Store;
  devices: DeviceDirectory;
  verifyPool: VerifyPool;
  clockSkew?: ClockSkewLimits;
  /** Per-device sustained rate and burst (default 50/s, burst 200). */
  rate?: { perSecond: number; burst: number };
  /** Readings queued for storage before new messages are shed with VIGIL_OVERLOADED (default 50,000). */
  maxPending?: number;
  now?: () => number;
  onAccepted?: (readings: AcceptedReading[]) => void;
  onRejected?: (rejections: RejectedReading[]) => void;
};

export type SubmitOptions = {
  transport: Transport;
  /** Device named by the transport (MQTT topic); must match every reading's deviceId. */
  deviceId?: string;
  /** Organisation named by the transport (MQTT topic); must be the one the device is registered with. */
  orgId?: string;
};

export type IngestPipeline = {
  /**
   * Runs a message through parse → schema → device → signature → replay → rate → clock skew →
   * plausibility, stores the accepted readings and records the rejections; resolves only when both
   * are durable, so the transport may acknowledge.
   */
  submit(bytes: Uint8Array, options: SubmitOptions): Promise<SubmitReturnType>;
  stats(): { accepted: number; rejected: number; pending: number };
  /** Waits for queued writes. */
  drain(): Promise<void>;
};

type Candidate = {
  index: number;
  reading: SignedReading;
  patient: string;
  quarantined: boolean;
  raw: unknown;
  /** The signed bytes, reused to build the leaf bytes without a second canonicalisation. */
  signed: Buffer;
};

/** Builds the one ingest pipeline that every transport feeds. */
export function createIngestPipeline(params: CreateIngestPipelineParameters): IngestPipeline {
  const { store, devices } = params;
  const now = params.now ?? Date.now;
  const skew = params.clockSkew ?? DEFAULT_CLOCK_SKEW;
  const maxPending = params.maxPending ?? 50_000;
  const verifier = createVerifyBatcher(params.verifyPool);
  const limiter = createRateLimiter({
    ratePerSecond: params.rate?.perSecond ?? 50,
    burst: params.rate?.burst ?? 200,
    now,
  });
  const lastSeq = new Map<string, number>();
  const inFlight = new Set<string>();
  let warmed: Promise<void> | undefined;
  let lastSeqsLoaded = false;
  let accepted = 0;
  let rejected = 0;

  const readings = createGroupCommitter({
    commit: (rows: ReadingInput[]) => store.insertReadings(rows).then((r) => r.outcomes),
  });
  const rejections = createGroupCommitter({
    commit: (rows: Parameters<Store['insertRejections']>[0][number][]) => store.insertRejections(rows),
  });

  const warm = () => {
    warmed ??= store.getLastSeqs().then((seqs) => {
      for (const [device, seq] of seqs) if ((lastSeq.get(device) ?? 0) < seq) lastSeq.set(device, seq);
      lastSeqsLoaded = true;
    });
    return warmed;
  };

  async function record(
    items: { rejection: Rejection; deviceId?: string; seq?: number; payload: Uint8Array }[],
    transport: Transport,
    receivedAt: number,
  ): Promise<void> {
    if (items.length === 0) return;
    rejected += items.length;
    await rejections.add(
      items.map((i) => ({
        receivedAt,
        transport,
        code: i.rejection.code,
        reason: i.rejection.message,
        deviceId: i.deviceId ?? null,
        seq: i.seq ?? null,
        payload: i.payload,
      })),
    );
    params.onRejected?.(
      items.map((i) => ({ code: i.rejection.code, deviceId: i.deviceId, seq: i.seq, receivedAt })),
    );
  }

  async function submit(bytes: Uint8Array, options: SubmitOptions): Promise<SubmitReturnType> {
    const receivedAt = now();
    const { transport } = options;
    // One await less per message once the last seqs are loaded.
    if (!lastSeqsLoaded) await warm();
    if (readings.pending() >= maxPending) {
      const rejection = reject('VIGIL_OVERLOADED', 'the gateway is saturated; retry with backoff', {
        pending: readings.pending(),
      });
      await record([{ rejection, deviceId: options.deviceId, payload: bytes }], transport, receivedAt);
      return { rejection, results: [] };
    }
    const parsed = parseMessage(bytes);
    if (!parsed.ok) {
      await record(
        [{ rejection: parsed, deviceId: options.deviceId, payload: bytes }],
        transport,
        receivedAt,
      );
      return { rejection: parsed, results: [] };
    }

    const results: IngestResult[] = new Array(parsed.readings.length);
    const failures: { rejection: Rejection; deviceId?: string; seq?: number; payload: Uint8Array }[] = [];
    const fail = (
      index: number,
      rejection: Rejection,
      raw: unknown,
      deviceId?: string,
      seq?: number,
    ): false => {
      results[index] = {
        status: 'rejected',
        index,
        code: rejection.code,
        message: rejection.message,
        ...(rejection.details ? { details: rejection.details } : {}),
        ...(deviceId === undefined ? {} : { deviceId }),
        ...(seq === undefined ? {} : { seq }),
      };
      failures.push({ rejection, deviceId, seq, payload: Buffer.from(JSON.stringify(raw) ?? '') });
      return false;
    };

    // Schema and device checks, then one batched signature check for what survives.
    const candidates: Candidate[] = [];
    const toVerify: { publicKey: Uint8Array; message: Uint8Array; signature: Uint8Array }[] = [];
    const reserved: string[] = [];
    const screen = (raw: unknown, index: number): boolean => {
      const valid = validateReading(raw, parsed.readings.length > 1 ? index : undefined);
      if (!valid.ok) {
        const r = raw as { deviceId?: unknown; seq?: unknown } | null;
        const deviceId = typeof r?.deviceId === 'string' ? r.deviceId.slice(0, 64) : options.deviceId;
        return fail(index, valid, raw, deviceId, typeof r?.seq === 'number' ? r.seq : undefined);
      }
      const { reading } = valid;
      const { deviceId, seq } = reading;
      const device = devices.get(deviceId);
      if (!device)
        return fail(
          index,
          reject('VIGIL_DEVICE_UNKNOWN', `device ${deviceId} is not registered`),
          raw,
          deviceId,
          seq,
        );
      if (device.status === 'revoked') {
        return fail(
          index,
          reject('VIGIL_DEVICE_REVOKED', `device ${deviceId} is revoked`),
          raw,
          deviceId,
          seq,
        );
      }
      if (options.deviceId !== undefined && options.deviceId !== deviceId) {
        return fail(
          index,
          reject('VIGIL_DEVICE_MISMATCH', 'the reading names another device than the topic', {
            path: '/deviceId',
          }),
          raw,
          deviceId,
          seq,
        );
      }
      if (options.orgId !== undefined && options.orgId !== device.orgId) {
        return fail(
          index,
          reject(
            'VIGIL_DEVICE_MISMATCH',
            'the topic names another organisation than the device is registered with',
          ),
          raw,
          deviceId,
          seq,
        );
      }
      if (reading.observation.subject?.reference !== `Patient/${device.patient}`) {
        return fail(
          index,
          reject('VIGIL_DEVICE_MISMATCH', 'the subject is not the patient this device is attached to', {
            path: '/observation/subject/reference',
          }),
          raw,
          deviceId,
          seq,
        );
      }
      const signature = decodeSignature(reading.sig);
      if (!signature) {
        return fail(
          index,
          reject('VIGIL_SIGNATURE_INVALID', 'the signature is not 64 bytes of base64url'),
          raw,
          deviceId,
          seq,
        );
      }
      // Replays are judged in arrival order, before the signature check: checks finish out of order
      // across worker threads, and a later seq stored first must not turn an earlier one into a replay.
      const key = `${deviceId}\u0000${seq}`;
      if (seq <= (lastSeq.get(deviceId) ?? 0) || inFlight.has(key)) {
        return fail(
          index,
          reject('VIGIL_READING_REPLAYED', `seq ${seq} is not above the last accepted seq of ${deviceId}`, {
            lastSeq: lastSeq.get(deviceId) ?? 0,
          }),
          raw,
          deviceId,
          seq,
        );
      }
      inFlight.add(key);
      reserved.push(key);
      const signed = readingSignedBytes(reading);
      candidates.push({
        index,
        reading,
        patient: device.patient,
        quarantined: device.quarantined,
        raw,
        signed,
      });
      toVerify.push({ publicKey: device.publicKey, message: signed, signature });
      return true;
    };
    parsed.readings.forEach(screen);
    try {
      return await finish(await verifier.verify(toVerify));
    } finally {
      for (const key of reserved) inFlight.delete(key);
    }

    async function finish(verified: boolean[]): Promise<SubmitReturnType> {
      const rows: ReadingInput[] = [];
      const kept: Candidate[] = [];
      const check = (c: Candidate, i: number): boolean => {
        const { deviceId, seq } = c.reading;
        if (!verified[i]) {
          return fail(
            c.index,
            reject('VIGIL_SIGNATURE_INVALID', "the signature does not verify with the device's key"),
            c.raw,
            deviceId,
            seq,
          );
        }
        if (!limiter.take(deviceId)) {
          return fail(
            c.index,
            reject('VIGIL_RATE_EXCEEDED', `device ${deviceId} exceeds its reading rate`),
            c.raw,
            deviceId,
            seq,
          );
        }
        const effective = Date.parse(c.reading.observation.effectiveDateTime!);
        const skewed = checkClockSkew(effective, receivedAt, skew);
        if (!skewed.ok) return fail(c.index, skewed, c.raw, deviceId, seq);
        const plausible = checkPlausibility(c.reading.observation);
        if (!plausible.ok) return fail(c.index, plausible, c.raw, deviceId, seq);
        kept.push(c);
        const canonical = readingLeafBytes(c.reading, c.signed);
        rows.push({
          reading: c.reading,
          canonical,
          // The RFC 6962 leaf hash, SHA-256(0x00 ‖ canonical): what batches, proofs and verify use.
          leafHash: leafHash(canonical),
          receivedAt,
          transport,
          quarantined: c.quarantined,
        });
        return true;
      };
      candidates.forEach(check);

      const outcomes =
        failures.length === 0
          ? await readings.add(rows)
          : (await Promise.all([readings.add(rows), record(failures, transport, receivedAt)]))[0];
      const stored: AcceptedReading[] = [];
      const late: { rejection: Rejection; deviceId?: string; seq?: number; payload: Uint8Array }[] = [];
      outcomes.forEach((outcome, i) => {
        const c = kept[i]!;
        const { deviceId, seq } = c.reading;
        if (outcome.status === 'stored') {
          if ((lastSeq.get(deviceId) ?? 0) < seq) lastSeq.set(deviceId, seq);
          results[c.index] = {
            status: 'accepted',
            index: c.index,
            deviceId,
            seq,
            id: outcome.id,
            quarantined: outcome.quarantined,
          };
          stored.push({
            id: outcome.id,
            pos: outcome.pos,
            reading: c.reading,
            patient: c.patient,
            quarantined: outcome.quarantined,
            receivedAt,
            transport,
          });
        } else {
          const rejection =
            outcome.status === 'duplicate'
              ? reject('VIGIL_READING_REPLAYED', `seq ${seq} of ${deviceId} is already stored`)
              : reject('VIGIL_DEVICE_REVOKED', `the patient of ${deviceId} was erased`);
          results[c.index] = {
            status: 'rejected',
            index: c.index,
            code: rejection.code,
            message: rejection.message,
            deviceId,
            seq,
          };
          late.push({ rejection, deviceId, seq, payload: Buffer.from(JSON.stringify(c.raw)) });
        }
      });
      if (late.length > 0) await record(late, transport, receivedAt);
      accepted += stored.length;
      if (stored.length > 0) params.onAccepted?.(stored);
      return { results };
    }
  }

  return {
    submit,
    stats: () => ({ accepted, rejected, pending: readings.pending() }),
    async drain() {
      await Promise.all([readings.drain(), rejections.drain()]);
    },
  };
}
