import { QUANTITY_SCALES, type Quantity } from './readingQuantities.ts';

export type CreateJumpSourceParameters = {
  /** Readings of a quantity before jumps are judged (default 5). */
  warmup?: number;
  /** Robust z (deviation over the EW mean absolute deviation) above which a value jumps (default 6). */
  k?: number;
  /** EWMA smoothing of the baseline (default 0.2). */
  alpha?: number;
  scales?: Partial<Record<Quantity, { minJump: number; noise: number }>>;
};

/** Per-device jump detector over each quantity's own recent history. */
export type JumpSource = {
  /** Judges `value` against the device's baseline for `quantity`, then learns it. */
  observe(deviceId: string, quantity: Quantity, value: number): { jump: boolean; deviation: number };
  forget(deviceId: string): void;
};

type State = { n: number; mean: number; mad: number };

/**
 * A sudden-jump source: EWMA baseline and EW mean absolute deviation per device and quantity; a value
 * jumps when it is both `k` spreads and the quantity's clinically meaningful step away from the baseline.
 * The baseline keeps learning, so a lasting change of level is one jump, not a stream of them.
 */
export function createJumpSource(p: CreateJumpSourceParameters = {}): JumpSource {
  const warmup = p.warmup ?? 5;
  const k = p.k ?? 6;
  const alpha = p.alpha ?? 0.2;
  const states = new Map<string, State>();
  return {
    observe(deviceId, quantity, value) {
      const key = `${deviceId}\u0000${quantity}`;
      const scale = { ...QUANTITY_SCALES[quantity], ...p.scales?.[quantity] };
      const st = states.get(key);
      if (!st) {
        states.set(key, { n: 1, mean: value, mad: scale.noise });
        return { jump: false, deviation: 0 };
      }
      const deviation = value - st.mean;
      const spread = Math.max(st.mad, scale.noise);
      const jump = st.n >= warmup && Math.abs(deviation) > Math.max(k * spread, scale.minJump);
      st.n += 1;
      st.mean += alpha * deviation;
      st.mad += alpha * (Math.min(Math.abs(deviation), 4 * spread) - st.mad);
      return { jump, deviation };
    },
    forget(deviceId) {
      for (const key of states.keys()) if (key.startsWith(`${deviceId}\u0000`)) states.delete(key);
    },
  };
}
