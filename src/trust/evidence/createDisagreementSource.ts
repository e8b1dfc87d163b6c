import { QUANTITY_SCALES, type Quantity } from './readingQuantities.ts';

export type CreateDisagreementSourceParameters = {
  /** Peers' readings count when their effective times are within this of the reading's (default 90 s). */
  windowMs?: number;
  /** CUSUM slack in noise units (default 0.4). */
  cusumK?: number;
  /** CUSUM decision threshold in noise units (default 8); each step adds at most 3. */
  cusumH?: number;
  scales?: Partial<Record<Quantity, Partial<(typeof QUANTITY_SCALES)[Quantity]>>>;
};

export type DisagreementObservation = {
  deviceId: string;
  patient: string;
  quantity: Quantity;
  value: number;
  /** Effective time of the reading (ms). */
  at: number;
  /** Peers to ignore (the engine passes quarantined devices: their values prove nothing). */
  excludePeer?: (deviceId: string) => boolean;
};

export type DisagreementResult = {
  /** Other devices of the patient with a recent value of the same quantity. */
  peerIds: string[];
  /** The value is out of tolerance of EVERY peer. */
  disagrees: boolean;
  /** The value is within tolerance of at least one peer (a change the patient's other devices confirm). */
  corroborated: boolean;
  /** With two or more peers: the CUSUM of the residual against the closest peer crossed its threshold. */
  drift: boolean;
  /** The closest peer and the difference from it (this value minus the peer's), when there is a peer. */
  closest?: { peerId: string; diff: number };
};

/** Compares each reading with the same patient's other devices measuring the same quantity. */
export type DisagreementSource = {
  observe(o: DisagreementObservation): DisagreementResult;
  forget(deviceId: string): void;
};

/**
 * A cross-device consistency source. A device is blamed only when it disagrees with all its peers, so with
 * three sources (ECG patch, monitor, oximeter pulse) the odd one out is blamed and the two that agree are
 * not; with one peer both disagree and the caller splits the blame (see the trust engine). Small lasting
 * offsets (slow drift, plausible forgeries) are caught by a two-sided CUSUM of the residual against the
 * closest peer, in units of the quantity's noise.
 */
export function createDisagreementSource(p: CreateDisagreementSourceParameters = {}): DisagreementSource {
  const windowMs = p.windowMs ?? 90_000;
  const kSlack = p.cusumK ?? 0.4;
  const h = p.cusumH ?? 8;
  // patient+quantity -> deviceId -> latest value
  const latest = new Map<string, Map<string, { value: number; at: number }>>();
  const cusum = new Map<string, { up: number; down: number }>();
  return {
    observe(o) {
      const scale = { ...QUANTITY_SCALES[o.quantity], ...p.scales?.[o.quantity] };
      const groupKey = `${o.patient}\u0000${o.quantity}`;
      let group = latest.get(groupKey);
      if (!group) {
        group = new Map();
        latest.set(groupKey, group);
      }
      const peerIds: string[] = [];
      let closest: number | undefined;
      let closestPeer = '';
      let agreeing = 0;
      for (const [id, v] of group) {
        if (id === o.deviceId || Math.abs(v.at - o.at) > windowMs || o.excludePeer?.(id)) continue;
        peerIds.push(id);
        const diff = o.value - v.value;
        const tol = Math.max(scale.tolerance, scale.relativeTolerance * Math.abs(v.value));
        if (Math.abs(diff) <= tol) agreeing += 1;
        if (closest === undefined || Math.abs(diff) < Math.abs(closest)) {
          closest = diff;
          closestPeer = id;
        }
      }
      group.set(o.deviceId, { value: o.value, at: o.at });
      if (closest === undefined) return { peerIds, disagrees: false, corroborated: false, drift: false };
      const disagrees = agreeing === 0;
      const near = { peerId: closestPeer, diff: closest };
      // Drift needs two peers: against one, a small lasting offset cannot say which device moved, and a
      // CUSUM over a single noisy difference alarms far too often for honest pairs.
      if (peerIds.length < 2)
        return { peerIds, disagrees, corroborated: !disagrees, drift: false, closest: near };
      const ckey = `${o.deviceId}\u0000${o.quantity}`;
      let c = cusum.get(ckey);
      if (!c) {
        c = { up: 0, down: 0 };
        cusum.set(ckey, c);
      }
      // Capped: large deviations are `disagrees`' job; one artefact must not hold the CUSUM up for long.
      const z = Math.max(-3, Math.min(3, closest / scale.noise));
      c.up = Math.max(0, c.up + z - kSlack);
      c.down = Math.max(0, c.down - z - kSlack);
      return { peerIds, disagrees, corroborated: !disagrees, drift: c.up > h || c.down > h, closest: near };
    },
    forget(deviceId) {
      for (const group of latest.values()) group.delete(deviceId);
      for (const key of cusum.keys()) if (key.startsWith(`${deviceId}\u0000`)) cusum.delete(key);
    },
  };
}
