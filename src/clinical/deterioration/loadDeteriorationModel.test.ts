import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lcgRandom } from '../../../test/support/random.ts';
import type { Dataset } from './buildDataset.ts';
import { applyCalibration } from './calibration.ts';
import { featureNames, MISSING } from './featureSpec.ts';
import { loadDeteriorationModel } from './loadDeteriorationModel.ts';
import { lrPartMatches, predictLrPart } from './lrPart.ts';
import { predictTrained } from './predictTrained.ts';
import { saveDeteriorationModel } from './saveDeteriorationModel.ts';
import { trainDeteriorationModel } from './trainDeteriorationModel.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-det-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Synthetic rows (not patient data): risk rises with two of the features.
function synthetic(n: number): Dataset {
  const names = featureNames('vitals');
  const hr = names.indexOf('HR.max');
  const gcs = names.indexOf('GCS.min');
  const rand = lcgRandom(11);
  const ds: Dataset = { recordIds: [], x: [], y: [], news2Worst: [] };
  for (let i = 0; i < n; i++) {
    const row = names.map(() => (rand() < 0.2 ? MISSING : rand() * 100));
    row[hr] = 60 + rand() * 90;
    row[gcs] = 3 + Math.floor(rand() * 13);
    const logit = (row[hr]! - 110) / 12 - (row[gcs]! - 9) / 2;
    ds.recordIds.push(String(i));
    ds.x.push(row);
    ds.y.push(rand() < 1 / (1 + Math.exp(-logit)) ? 1 : 0);
    ds.news2Worst.push(0);
  }
  return ds;
}

/** Trains a small model (one depth-2 grid entry, 3 inner folds) on synthetic rows. */
function trainSmall(
  data: Dataset,
  iterations: number,
  options: Partial<Parameters<typeof trainDeteriorationModel>[0]> = {},
): ReturnType<typeof trainDeteriorationModel> {
  return trainDeteriorationModel({
    data,
    hours: 24,
    featureSet: 'vitals',
    grid: [smallGrid(iterations)],
    folds: 3,
    lambdas: [10],
    ...options,
  });
}

const smallGrid = (iterations: number) => ({
  max_depth: 2,
  eta: 0.3,
  iterations,
  min_child_weight: 1,
  subsample: 1,
  colsample_bytree: 1,
});

describe('deterioration model file', () => {
  it('save then load reproduces predictions exactly and hashes the file bytes', async () => {
    const data = synthetic(400);
    const model = await trainSmall(data, 20);
    const path = join(dir, 'model.json');
    const saved = saveDeteriorationModel(path, model, { hours: 24, featureSet: 'vitals', data: 'synthetic' });
    const before = model.booster.predict(data.x.slice(0, 50));
    model.booster.free();
    const loaded = await loadDeteriorationModel(path);
    expect(loaded.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    expect(loaded.sha256).toBe(saved.sha256);
    expect(loaded.predictRaw(data.x.slice(0, 50))).toEqual(before);
    const p = loaded.predictMany(data.x.slice(0, 50));
    expect(p.every((x) => x > 0 && x < 1)).toBe(true);
    // By name gives the same as by position; absent names count as missing.
    const names = loaded.file.featureNames;
    const byName = Object.fromEntries(names.map((n, i) => [n, data.x[0]![i]!]));
    expect(loaded.predict(byName)).toBe(p[0]);
    expect(loaded.file.citation).toContain('Silva');
    expect(JSON.stringify(loaded.file)).not.toContain('recordId');
    // The file carries the LR part; predictions are the GB + LR average.
    const lr = loaded.file.lr!;
    expect(lr.method).toBe('l2-logistic');
    expect(lrPartMatches(lr, names.length)).toBe(true);
    const w = loaded.file.gbWeight!;
    const expected = before.map(
      (raw, i) =>
        w * applyCalibration(loaded.file.calibration, raw) + (1 - w) * predictLrPart(lr, data.x[i]!),
    );
    p.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 12);
    });
    loaded.free();

    // An older file without the LR part still loads and is calibrated boosting alone.
    const { lr: _lr, gbWeight: _w, ...old } = JSON.parse(readFileSync(path, 'utf8'));
    const oldPath = join(dir, 'old.json');
    writeFileSync(oldPath, JSON.stringify(old));
    const oldModel = await loadDeteriorationModel(oldPath);
    expect(oldModel.file.lr).toBeUndefined();
    const q = oldModel.predictMany(data.x.slice(0, 5));
    q.forEach((v, i) => {
      expect(v).toBeCloseTo(applyCalibration(oldModel.file.calibration, before[i]!), 12);
    });
    oldModel.free();
  });

  it('save then load reproduces the predictions of a binned (additive) LR part', async () => {
    const data = synthetic(400);
    const model = await trainSmall(data, 20, { lambdas: [10, 100], lrBins: 6 });
    expect(model.lr?.method).toBe('binned-l2-logistic');
    expect(model.lrCv!.map((c) => c.lambda)).toEqual([10, 100]);
    const before = predictTrained(model, data.x.slice(0, 50));
    const path = join(dir, 'binned.json');
    saveDeteriorationModel(path, model, { hours: 24, featureSet: 'vitals', data: 'synthetic' });
    model.booster.free();
    const loaded = await loadDeteriorationModel(path);
    const lr = loaded.file.lr!;
    expect(lr.method).toBe('binned-l2-logistic');
    expect(lrPartMatches(lr, loaded.file.featureNames.length)).toBe(true);
    expect(loaded.predictMany(data.x.slice(0, 50))).toEqual(before.probability);
    data.x.slice(0, 50).forEach((row, i) => {
      expect(predictLrPart(lr, row)).toBe(before.lr![i]);
    });
    loaded.free();
    // A binned part whose columns do not match the feature names is rejected.
    const bad = JSON.parse(readFileSync(path, 'utf8'));
    bad.lr.weights.pop();
    const badPath = join(dir, 'binned-bad.json');
    writeFileSync(badPath, JSON.stringify(bad));
    await expect(loadDeteriorationModel(badPath)).rejects.toMatchObject({
      code: 'VIGIL_CLINICAL_MODEL_INVALID',
    });
  });

  it('an auxiliary-label part is averaged with equal weight and survives save/load', async () => {
    const data = synthetic(300);
    // Auxiliary label: the real one plus some extra positives (training only).
    data.yAux = data.y.map((v, i) => (v === 1 || i % 10 === 0 ? 1 : 0));
    const model = await trainSmall(data, 10, { auxModel: true });
    expect(model.aux).toBeDefined();
    const pred = predictTrained(model, data.x.slice(0, 20));
    pred.probability.forEach((p, i) => {
      expect(p).toBeCloseTo((pred.gb[i]! + pred.lr![i]! + pred.aux![i]!) / 3, 12);
    });
    const path = join(dir, 'aux.json');
    const spec = { hours: 24, featureSet: 'vitals', data: 'synthetic' } as const;
    expect(() => saveDeteriorationModel(path, model, spec)).toThrow(/auxLabel/);
    saveDeteriorationModel(path, model, { ...spec, auxLabel: 'synthetic auxiliary label' });
    model.booster.free();
    model.aux!.booster.free();
    // Save then load reproduces the three-part predictions.
    const loaded = await loadDeteriorationModel(path);
    expect(loaded.file.aux?.label).toBe('synthetic auxiliary label');
    expect(loaded.file.metadata.auxCvAuroc).toBeGreaterThan(0.5);
    expect(loaded.predictMany(data.x.slice(0, 20))).toEqual(pred.probability);
    loaded.free();
    const { yAux: _drop, ...withoutAux } = data;
    await expect(trainSmall(withoutAux, 10, { auxModel: true })).rejects.toThrow(/auxiliary labels/);
  });

  it('learns the synthetic signal (higher risk for high HR and low GCS)', async () => {
    const data = synthetic(600);
    const model = await trainSmall(data, 30);
    expect(model.cv[0]!.auroc).toBeGreaterThan(0.8);
    expect(model.lrCv!.length).toBeGreaterThan(0);
    expect(model.ensembleCvAuroc!).toBeGreaterThan(0.8);
    model.booster.free();
  });

  it('rejects a file that is not a model', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"format":"something-else"}');
    await expect(loadDeteriorationModel(path)).rejects.toMatchObject({
      code: 'VIGIL_CLINICAL_MODEL_INVALID',
    });
    await expect(loadDeteriorationModel(join(dir, 'absent.json'))).rejects.toMatchObject({
      code: 'VIGIL_CLINICAL_MODEL_INVALID',
    });
  });
});
