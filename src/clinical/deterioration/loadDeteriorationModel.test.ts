import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dataset } from './buildDataset.ts';
import { applyCalibration } from './calibration.ts';
import { featureNames, MISSING } from './featureSpec.ts';
import { loadDeteriorationModel } from './loadDeteriorationModel.ts';
import { predictLogistic } from './logisticRegression.ts';
import { saveDeteriorationModel } from './saveDeteriorationModel.ts';
import { trainDeteriorationModel } from './trainDeteriorationModel.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-det-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Synthetic rows (not patient data): risk rises with two of the features.
function synthetic(n: number): Dataset {
  const names = featureNames('vitals');
  const hr = names.indexOf('HR.max');
  const gcs = names.indexOf('GCS.min');
  let s = 11;
  const rand = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
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

describe('deterioration model file', () => {
  it('save then load reproduces predictions exactly and hashes the file bytes', async () => {
    const data = synthetic(400);
    const grid = [
      { max_depth: 2, eta: 0.3, iterations: 20, min_child_weight: 1, subsample: 1, colsample_bytree: 1 },
    ];
    const model = await trainDeteriorationModel({
      data,
      hours: 24,
      featureSet: 'vitals',
      grid,
      folds: 3,
      lambdas: [10],
    });
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
    expect(lr.weights.length).toBe(names.length + lr.indicators.length);
    const w = loaded.file.gbWeight!;
    const expected = before.map(
      (raw, i) =>
        w * applyCalibration(loaded.file.calibration, raw) + (1 - w) * predictLogistic(lr, data.x[i]!),
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

  it('learns the synthetic signal (higher risk for high HR and low GCS)', async () => {
    const data = synthetic(600);
    const grid = [
      { max_depth: 2, eta: 0.3, iterations: 30, min_child_weight: 1, subsample: 1, colsample_bytree: 1 },
    ];
    const model = await trainDeteriorationModel({
      data,
      hours: 24,
      featureSet: 'vitals',
      grid,
      folds: 3,
      lambdas: [10],
    });
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
