import type { AcceptedReading, RejectedReading } from '../ingest/createIngestPipeline.ts';
import type { Store } from '../store/index.ts';
import type { TrustChain } from './createLedgerTrustChain.ts';
import {
  type CreateTrustEngineParameters,
  createTrustEngine,
  type TrustEngine,
} from './createTrustEngine.ts';
import type { Evidence } from './evidence/evidenceKinds.ts';
import type { TrustConfig } from './loadTrustConfig.ts';
import { loadTrustState, type PendingAction, saveTrustState } from './trustState.ts';
import type { TrustChange, TrustExplanation } from './types.ts';

export type CreateTrustServiceParameters = {
  /** Persists state and sets reading flags; optional (tests, evaluations). */
  store?: Pick<Store, 'setQuarantined' | 'setMeta' | 'getMeta'>;
  /** The TrustRegistry; without it nothing goes on chain. */
  chain?: TrustChain;
  config?: Partial<TrustConfig>;
  engine?: Omit<CreateTrustEngineParameters, 'quarantineBelow'>;
  now?: () => number;
  /** Called with errors of background periods (a chain outage); the work is retried next period. */
  onError?: (error: unknown) => void;
};

/** What one period did. */
export type FlushReport = {
  actionsDone: number;
  actionsPending: number;
  committed: number;
  transactions: string[];
  /** Devices whose scores wait for the next period (chain unavailable). */
  uncommitted: number;
  errors: string[];
};

/** The trust service: engine + quarantine actions + periodic bulk commits + persistence. */
export type TrustService = {
  readonly engine: TrustEngine;
  /** Loads the persisted state and starts the commit timer. */
  start(): Promise<void>;
  /** Stops the timer and runs a last period (best effort). */
  stop(): Promise<void>;
  /** Pipeline hook `onAccepted`. */
  onAccepted(readings: readonly AcceptedReading[]): void;
  /** Pipeline hook `onRejected`. */
  onRejected(rejections: readonly RejectedReading[]): void;
  /** Evidence from other sources (attack detector, anomaly detector). */
  addEvidence(items: readonly Evidence[]): void;
  /** For the gateway's DeviceDirectory quarantine flag. */
  isQuarantined(deviceId: string): boolean;
  /** Subscribes to quarantines and reinstatements (synchronous, at decision time). */
  onChange(listener: (change: TrustChange) => void): () => void;
  explain(deviceId: string): TrustExplanation;
  list(): TrustExplanation[];
  /** Lifts a quarantine (admin `by`), then runs a period so the event reaches the chain. */
  reinstate(
    deviceId: string,
    reason: string,
    by?: string,
  ): Promise<{ change: TrustChange; report: FlushReport }>;
  /** One period: pending actions, one bulk score commit, persistence. Serialised. */
  flush(): Promise<FlushReport>;
};

const message = (e: unknown) =>
  e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e);

/** Builds the trust service; wire `onAccepted`/`onRejected` into the ingest pipeline. */
export function createTrustService(p: CreateTrustServiceParameters = {}): TrustService {
  const now = p.now ?? Date.now;
  const commitIntervalMs = p.config?.commitIntervalMs ?? 30_000;
  const maxDevices = p.config?.commitMaxDevices ?? 400;
  const engine = createTrustEngine({ ...p.engine, quarantineBelow: p.config?.quarantineBelow ?? 0.4 });
  const listeners = new Set<(change: TrustChange) => void>();
  let pending: PendingAction[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<FlushReport> | undefined;
  let saveForced = true;

  const emit = (changes: readonly TrustChange[]) => {
    for (const c of changes) {
      pending.push({ ...c });
      for (const l of listeners) l(c);
    }
  };

  async function runActions(report: FlushReport): Promise<void> {
    while (pending.length > 0) {
      const action = pending[0]!;
      if (!action.storeDone && p.store) {
        try {
          const flag = action.type === 'quarantine';
          const sincePos = action.type === 'quarantine' ? action.sincePos : undefined;
          await p.store.setQuarantined(action.deviceId, flag, sincePos === undefined ? {} : { sincePos });
        } catch (error) {
          // A device missing from the store's registry cache has no readings to flag; anything else retries.
          if ((error as { code?: string }).code !== 'VIGIL_STORE_INVALID_ROW') {
            report.errors.push(message(error));
            return;
          }
        }
        action.storeDone = true;
      }
      if (p.chain) {
        try {
          if (action.type === 'quarantine') await p.chain.quarantine(action.deviceId, action.reason);
          else await p.chain.reinstate(action.deviceId, action.reason);
        } catch (error) {
          report.errors.push(message(error));
          return; // keep order: retried next period
        }
      }
      pending.shift();
      report.actionsDone += 1;
    }
  }

  async function commit(report: FlushReport): Promise<number> {
    const ids = engine.takeDirty();
    if (!p.chain) return ids.length;
    const at = now();
    for (let i = 0; i < ids.length; i += maxDevices) {
      const chunk = ids.slice(i, i + maxDevices);
      const items = chunk.map((id) => engine.explain(id, at));
      try {
        const { tx } = await p.chain.commitScores(
          items.map((x) => ({ deviceId: x.deviceId, scoreBp: x.scoreBp, digest: x.digest })),
        );
        for (const x of items) {
          const rec = engine.record(x.deviceId);
          if (rec) rec.committed = { at, scoreBp: x.scoreBp, digest: x.digest, tx };
        }
        report.committed += chunk.length;
        report.transactions.push(tx);
      } catch (error) {
        report.errors.push(message(error));
        engine.markDirty(ids.slice(i));
        report.uncommitted = ids.length - i;
        return ids.length;
      }
    }
    return ids.length;
  }

  async function period(): Promise<FlushReport> {
    const report: FlushReport = {
      actionsDone: 0,
      actionsPending: 0,
      committed: 0,
      transactions: [],
      uncommitted: 0,
      errors: [],
    };
    emit(engine.checkGaps(now()));
    const pendingBefore = pending.length;
    await runActions(report);
    const changed = await commit(report);
    report.actionsPending = pending.length;
    // Nothing new: skip rewriting the state (it is one JSON row for every device).
    if (p.store && (changed > 0 || report.actionsDone > 0 || pendingBefore > 0 || saveForced)) {
      saveForced = false;
      try {
        await saveTrustState(p.store, { v: 1, savedAt: now(), devices: engine.records(), pending });
      } catch (error) {
        report.errors.push(message(error));
        saveForced = true;
      }
    }
    return report;
  }

  const flush = (): Promise<FlushReport> => {
    const next = (running ?? Promise.resolve()).catch(() => undefined).then(period);
    running = next;
    return next;
  };

  return {
    engine,
    async start() {
      if (p.store) {
        const state = await loadTrustState(p.store);
        engine.restore(state.devices);
        pending = state.pending.map((a) => ({ ...a }));
      }
      timer = setInterval(() => {
        flush().then(
          (r) => {
            if (r.errors.length > 0) p.onError?.(new Error(r.errors.join('; ')));
          },
          (e) => p.onError?.(e),
        );
      }, commitIntervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await flush().catch((e) => p.onError?.(e));
    },
    onAccepted: (readings) => emit(engine.observeAccepted(readings)),
    onRejected: (rejections) => emit(engine.observeRejected(rejections)),
    addEvidence: (items) => emit(engine.addEvidence(items)),
    isQuarantined: (deviceId) => engine.isQuarantined(deviceId),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    explain: (deviceId) => engine.explain(deviceId, now()),
    list: () =>
      engine
        .deviceIds()
        .sort()
        .map((id) => engine.explain(id, now())),
    async reinstate(deviceId, reason, by) {
      const change = engine.reinstate(deviceId, reason, now(), by);
      emit([change]);
      return { change, report: await flush() };
    },
    flush,
  };
}
