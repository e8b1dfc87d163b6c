import {
  createLocalClient,
  type FederationClient,
  type ModelUpdate,
  type RoundTask,
} from '../../federation/index.ts';

/** The poisoning attacks of the evaluation. */
export const ATTACKS = {
  'sign-flip': 'sends the negation of its honest update',
  'label-flip': 'trains honestly on flipped labels (deaths as survivals and back)',
  scale: 'sends its honest update multiplied by a large factor (default 10)',
  'little-is-enough':
    'omniscient "a little is enough" (Baruch et al. 2019): the honest updates’ coordinate-wise mean minus z standard deviations',
} as const;

export type AttackName = keyof typeof ATTACKS;
export const ATTACK_NAMES = Object.keys(ATTACKS) as AttackName[];

export type AttackOptions = {
  /** `scale`: the factor (default 10). */
  scaleFactor?: number;
  /** `little-is-enough`: z (default 1). */
  z?: number;
  /** Every attack: the reported sample count is multiplied by this (default 1: no lie about size). */
  inflateSamples?: number;
};

type LocalClient = ReturnType<typeof createLocalClient>;

/**
 * A poisoned hospital: it holds real patients (`x`, `y`) but sends a malicious update. The
 * little-is-enough attacker is omniscient: it computes every hospital's honest update itself.
 */
export function createPoisonedClient(p: {
  attack: AttackName;
  hospitalId: string;
  x: readonly (readonly number[])[];
  y: readonly number[];
  /** Honest clients of every other hospital (for little-is-enough). */
  peers: readonly LocalClient[];
  options?: AttackOptions;
}): FederationClient {
  const o = p.options ?? {};
  const honest = createLocalClient({ hospitalId: p.hospitalId, x: p.x, y: p.y });
  const flipped = createLocalClient({
    hospitalId: p.hospitalId,
    x: p.x,
    y: p.y,
    trainingLabels: p.y.map((v) => 1 - v),
  });
  const craft = (task: RoundTask): ModelUpdate => {
    switch (p.attack) {
      case 'sign-flip': {
        const u = honest.honestUpdate(task);
        return { ...u, delta: u.delta.map((v) => -v) };
      }
      case 'scale': {
        const u = honest.honestUpdate(task);
        const f = o.scaleFactor ?? 10;
        return { ...u, delta: u.delta.map((v) => v * f) };
      }
      case 'label-flip':
        return flipped.honestUpdate(task);
      case 'little-is-enough': {
        const all = [honest, ...p.peers].map((c) => c.honestUpdate(task).delta);
        const n = all.length;
        const z = o.z ?? 1;
        const own = honest.honestUpdate(task);
        const delta = own.delta.map((_, j) => {
          let s = 0;
          let ss = 0;
          for (const d of all) {
            s += d[j]!;
            ss += d[j]! * d[j]!;
          }
          const mean = s / n;
          return mean - z * Math.sqrt(Math.max(0, ss / n - mean * mean));
        });
        return { ...own, delta };
      }
    }
  };
  return {
    hospitalId: p.hospitalId,
    async train(task) {
      const u = craft(task);
      return { ...u, samples: Math.round(u.samples * (o.inflateSamples ?? 1)) };
    },
  };
}
