import { createLocalClient, type FederationClient } from '../../src/federation/index.ts';
import { lcgRandom } from './random.ts';

/** Raw feature rows (−999 = missing) and 0/1 labels. */
export type SyntheticRows = { x: number[][]; y: number[] };

export type SyntheticFederation = {
  hospitals: { id: string; data: SyntheticRows }[];
  reference: SyntheticRows;
  test: SyntheticRows;
  featureNames: string[];
};

/**
 * Synthetic logistic data for federation tests (not patient data): `features` standard normal
 * columns (about 5 % missing), a shared true weight vector, and hospitals that differ in case mix
 * (a mean shift of the first feature) and base rate, so the split is mildly non-IID.
 */
export function syntheticFederation(p: {
  hospitals: number;
  perHospital: number;
  features?: number;
  seed?: number;
}): SyntheticFederation {
  const d = p.features ?? 6;
  const rand = lcgRandom(p.seed ?? 7);
  const normal = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const beta = Array.from({ length: d }, (_, j) => (j % 2 ? -1 : 1) * (1.2 - j * 0.15));
  const draw = (n: number, shift: number, bias: number): SyntheticRows => {
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const row = Array.from({ length: d }, (_, j) => normal() + (j === 0 ? shift : 0));
      const eta = bias + row.reduce((a, v, j) => a + v * beta[j]!, 0);
      y.push(rand() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
      x.push(row.map((v, j) => (j > 0 && rand() < 0.05 ? -999 : v)));
    }
    return { x, y };
  };
  return {
    hospitals: Array.from({ length: p.hospitals }, (_, h) => ({
      id: `hospital-${h + 1}`,
      data: draw(p.perHospital, (h - (p.hospitals - 1) / 2) * 0.4, -1.5 + 0.2 * h),
    })),
    reference: draw(150, 0, -1.2),
    test: draw(600, 0, -1.2),
    featureNames: Array.from({ length: d }, (_, j) => `f${j}`),
  };
}

/** Honest in-process clients for the synthetic hospitals. */
export function honestClients(f: SyntheticFederation): ReturnType<typeof createLocalClient>[] {
  return f.hospitals.map((h) => createLocalClient({ hospitalId: h.id, x: h.data.x, y: h.data.y }));
}

/** A client that sends the negation of its honest update (sign-flip poisoning). */
export function signFlipper(client: ReturnType<typeof createLocalClient>): FederationClient {
  return {
    hospitalId: client.hospitalId,
    async train(task) {
      const u = client.honestUpdate(task);
      return { ...u, delta: u.delta.map((v) => -v) };
    },
  };
}
