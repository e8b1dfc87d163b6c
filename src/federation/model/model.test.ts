import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticFederation } from '../../../test/support/syntheticFederation.ts';
import { fitFeatureScaling, scaledWidth, scaleRow } from './featureScaling.ts';
import {
  FEDERATED_MODEL_FORMAT,
  type FederatedModel,
  federatedModelDigest,
  predictFederated,
} from './federatedModel.ts';
import { fitLogistic } from './fitLogistic.ts';
import { logisticObjective } from './logisticObjective.ts';
import { readFederatedModelFile, saveFederatedModelFile } from './modelFile.ts';
import { trainLocalLogistic } from './trainLocalLogistic.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-fl-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fitFeatureScaling / scaleRow', () => {
  it('imputes the median, standardises, clips at 5 SD and adds one indicator per missingness pattern', () => {
    const rows = [
      [1, -999, 10, -999],
      [2, 5, 20, 7],
      [3, 7, 30, 9],
      [4, -999, 1000, -999],
    ];
    const s = fitFeatureScaling(rows);
    expect(s.impute).toEqual([2.5, 6, 25, 8]);
    // Columns 1 and 3 share one missingness pattern: one indicator.
    expect(s.indicators).toEqual([1]);
    expect(scaledWidth(s)).toBe(5);
    const z = scaleRow(s, [2.5, -999, 25, -999]);
    expect(z[0]).toBeCloseTo(0, 12);
    expect(z[1]).toBeCloseTo((6 - s.mean[1]!) / s.sd[1]!, 12);
    expect(z[4]).toBeCloseTo((1 - 0.5) / 0.5, 12);
    expect(scaleRow(s, [1e9, 5, 20, 7])[0]).toBe(5);
  });
});

describe('logistic training', () => {
  const fed = syntheticFederation({ hospitals: 1, perHospital: 400, seed: 3 });
  const scaling = fitFeatureScaling(fed.reference.x);
  const data = { x: fed.hospitals[0]!.data.x.map((r) => scaleRow(scaling, r)), y: fed.hospitals[0]!.data.y };

  it('fitLogistic converges: the penalised gradient vanishes', () => {
    const w = fitLogistic(data, { l2: 0.1 });
    const { gradient } = logisticObjective(w, data, { l2: 0.1 });
    expect(Math.max(...gradient.map(Math.abs))).toBeLessThan(1e-5);
  });

  it('local training descends its own objective, and the proximal term keeps it nearer the start', () => {
    const start = new Float64Array(data.x[0]!.length + 1);
    const plain = trainLocalLogistic(start, data, { steps: 5, learningRate: 0.2, l2: 0.1, proximalMu: 0 });
    const prox = trainLocalLogistic(start, data, { steps: 5, learningRate: 0.2, l2: 0.1, proximalMu: 1 });
    expect(logisticObjective(plain, data, { l2: 0.1 }).loss).toBeLessThan(
      logisticObjective(start, data, { l2: 0.1 }).loss,
    );
    const norm = (v: Float64Array) => Math.hypot(...v);
    expect(norm(prox)).toBeLessThan(norm(plain));
  });
});

describe('federated model files', () => {
  const fed = syntheticFederation({ hospitals: 1, perHospital: 50, seed: 5 });
  const scaling = fitFeatureScaling(fed.reference.x);
  const model: FederatedModel = {
    format: FEDERATED_MODEL_FORMAT,
    version: 1,
    family: 'logistic',
    task: 'in-hospital death from the first hours of an ICU stay',
    hours: 48,
    featureSet: 'all',
    featureNames: fed.featureNames,
    federation: { id: 'fl-test', round: 3 },
    scaling,
    params: Array.from({ length: scaledWidth(scaling) + 1 }, (_, j) => j / 10),
    calibration: { method: 'platt', a: 1.1, b: -0.2 },
  };

  it('round-trips, and the digest changes with any parameter, the round or the calibration', () => {
    const path = join(dir, 'm.json');
    const digest = saveFederatedModelFile(path, model);
    const back = readFederatedModelFile(path);
    expect(federatedModelDigest(back.model)).toBe(digest);
    expect(back.modelDigest).toBe(digest);
    expect(predictFederated(back.model, fed.test.x.slice(0, 3))).toEqual(
      predictFederated(model, fed.test.x.slice(0, 3)),
    );
    const changed = [
      { ...model, params: model.params.map((v, j) => (j === 0 ? v + 1e-12 : v)) },
      { ...model, federation: { id: 'fl-test', round: 4 } },
      { ...model, calibration: { method: 'platt' as const, a: -1.1, b: -0.2 } },
    ];
    for (const m of changed) expect(federatedModelDigest(m)).not.toBe(digest);
  });

  it('refuses files of another format, with a wrong parameter count or non-finite parameters', () => {
    const bad = [
      { model: { ...model, format: 'vigil-deterioration-model' } },
      { model: { ...model, params: model.params.slice(1) } },
      { model: { ...model, params: model.params.map((v, j) => (j === 0 ? null : v)) } },
      { model: { ...model, federation: undefined } },
      'not json',
    ];
    bad.forEach((b, i) => {
      const path = join(dir, `bad-${i}.json`);
      writeFileSync(path, typeof b === 'string' ? b : JSON.stringify(b));
      expect(() => readFederatedModelFile(path)).toThrow(
        expect.objectContaining({ code: 'VIGIL_FL_MODEL_INVALID' }),
      );
    });
  });
});
