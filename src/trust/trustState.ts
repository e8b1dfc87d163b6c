import type { Store } from '../store/index.ts';
import { TrustStateError } from './errors.ts';
import type { DeviceTrustRecord, TrustChange } from './types.ts';

/** A decided quarantine or reinstatement; `storeDone` once the store flag is set. */
export type PendingAction = TrustChange & { storeDone?: boolean };

/** The store meta key holding the trust state (JSON). */
export const TRUST_STATE_KEY = 'trust.state.v1';

/** Everything the trust service persists: device records and chain actions not yet on chain. */
export type TrustState = {
  v: 1;
  savedAt: number;
  devices: DeviceTrustRecord[];
  /** Quarantines and reinstatements decided but not yet confirmed on chain (retried each period). */
  pending: PendingAction[];
};

/** Writes the trust state to the store (one meta row; read by `vigil trust …`). */
export async function saveTrustState(store: Pick<Store, 'setMeta'>, state: TrustState): Promise<void> {
  await store.setMeta(TRUST_STATE_KEY, JSON.stringify(state));
}

/** Reads the trust state; an empty state when none was saved. */
export async function loadTrustState(store: Pick<Store, 'getMeta'>): Promise<TrustState> {
  const text = await store.getMeta(TRUST_STATE_KEY);
  if (text === null) return { v: 1, savedAt: 0, devices: [], pending: [] };
  let state: TrustState;
  try {
    state = JSON.parse(text) as TrustState;
  } catch (cause) {
    throw new TrustStateError('the stored trust state is not JSON', { cause });
  }
  if (state?.v !== 1 || !Array.isArray(state.devices) || !Array.isArray(state.pending)) {
    throw new TrustStateError('the stored trust state has an unknown format');
  }
  return state;
}
