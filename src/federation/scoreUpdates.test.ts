import { describe, expect, it } from 'vitest';
import { syntheticFederation } from '../../test/support/syntheticFederation.ts';
import { fitFeatureScaling, scaleRow } from './model/featureScaling.ts';
import { trainLocalLogistic } from './model/trainLocalLogistic.ts';
import { scoreUpdates } from './scoreUpdates.ts';
import type { ModelUpdate } from './types.ts';

const fed = syntheticFederation({ hospitals: 3, perHospital: 300, seed: 11 });
const scaling = fitFeatureScaling(fed.reference.x);
const scale = (rows: number[][]) => rows.map((r) => scaleRow(scaling, r));
const reference = { x: scale(fed.reference.x), y: fed.reference.y };
const global = new Float64Array(reference.x[0]!.length + 1);
const training = { steps: 3, learningRate: 0.2, l2: 0.1, proximalMu: 0 };
const honest = fed.hospitals.map((h, i): ModelUpdate => {
  const local = trainLocalLogistic(global, { x: scale(h.data.x), y: h.data.y }, training);
  return { hospitalId: `hosp-${i}`, round: 1, delta: local.map((v, j) => v - global[j]!), samples: 300 };
});

describe('scoreUpdates', () => {
  it('gives honest updates full score and a descent direction (t > 0)', () => {
    const s = scoreUpdates({ global, updates: honest, reference });
    for (const x of s) {
      expect(x.tDirection).toBeGreaterThan(2);
      expect(x.score).toBe(1);
    }
  });

  it('scores a negated update 0 (it clearly ascends the reference loss) and an update 10× longer 0', () => {
    const flipped = { ...honest[2]!, delta: honest[2]!.delta.map((v) => -v) };
    const scaled = { ...honest[1]!, delta: honest[1]!.delta.map((v) => 10 * v) };
    const s = scoreUpdates({ global, updates: [honest[0]!, scaled, flipped], reference });
    expect(s[0]!.score).toBe(1);
    expect(s[1]!.normRatio).toBeGreaterThan(6);
    expect(s[1]!.score).toBe(0);
    expect(s[2]!.tDirection).toBeLessThan(-5);
    expect(s[2]!.score).toBe(0);
  });

  it('does not penalise a tiny, noisy update (no clear harm)', () => {
    const tiny = {
      ...honest[0]!,
      hospitalId: 'hosp-tiny',
      delta: honest[0]!.delta.map((v, j) => (j % 2 ? v : -v) * 1e-3),
    };
    const s = scoreUpdates({ global, updates: [...honest, tiny], reference });
    expect(s[3]!.tDirection).toBeGreaterThan(-2);
    expect(s[3]!.score).toBe(1);
  });
});
