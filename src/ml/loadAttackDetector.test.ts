import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFeatureMatrix } from './buildRowFeatures.ts';
import { computeAuroc } from './computeAuroc.ts';
import { createStreamingAttackScorer } from './createStreamingAttackScorer.ts';
import { loadAttackDetector } from './loadAttackDetector.ts';
import { loadXgboost, type XgboostModule } from './loadXgboost.ts';
import { saveAttackDetector } from './saveAttackDetector.ts';
import { syntheticRows } from './syntheticRows.ts';
import { trainAttackDetector } from './trainAttackDetector.ts';

describe('attack detector model file', () => {
  let xgb: XgboostModule;
  const train = syntheticRows(600, 11);
  const test = syntheticRows(200, 12);

  beforeAll(async () => {
    xgb = await loadXgboost();
  });

  it('reproduces predictions exactly after save and load, and reports the file hash', async () => {
    const { model, booster } = trainAttackDetector(xgb, { rows: train, params: { iterations: 20 } });
    const direct = booster.predict(buildFeatureMatrix(test, model.featureSpec));
    booster.free();
    const dir = await mkdtemp(join(tmpdir(), 'vigil-ml-'));
    const path = join(dir, 'model.json');
    const { sha256 } = await saveAttackDetector(path, model);
    const detector = await loadAttackDetector(path, xgb);
    try {
      expect(detector.sha256).toBe(sha256);
      expect(sha256).toBe(
        createHash('sha256')
          .update(await readFile(path))
          .digest('hex'),
      );
      expect(detector.score(test)).toEqual(direct);
      expect(detector.threshold).toBe(model.threshold);
      // The trained model separates the generated attacks (they are easy by construction).
      expect(
        computeAuroc(
          direct,
          test.map((r) => r.label),
        ),
      ).toBeGreaterThan(0.9);
    } finally {
      detector.free();
    }
  });

  it('scores a stream per source exactly as the batch path does', async () => {
    const { model, booster } = trainAttackDetector(xgb, { rows: train, params: { iterations: 10 } });
    try {
      const batch = booster.predict(buildFeatureMatrix(test, model.featureSpec));
      const other = syntheticRows(50, 99);
      const scorer = createStreamingAttackScorer({ model, booster });
      const streamed: number[] = [];
      // Interleave another source: its rows must not enter the first source's context.
      test.forEach((row, i) => {
        if (i < other.length) scorer.push(other[i]!, 'device-b');
        const { score, isAttack } = scorer.push(row, 'device-a');
        expect(isAttack).toBe(score >= model.threshold);
        streamed.push(score);
      });
      expect(streamed).toEqual(batch);
      expect(scorer.sources).toBe(2);
      scorer.reset('device-b');
      expect(scorer.sources).toBe(1);
    } finally {
      booster.free();
    }
  });

  it('rejects files that are not attack-detector models', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-ml-'));
    await writeFile(join(dir, 'bad.json'), '{"format":"something-else"}');
    await writeFile(join(dir, 'broken.json'), '{not json');
    await expect(loadAttackDetector(join(dir, 'bad.json'), xgb)).rejects.toMatchObject({
      code: 'VIGIL_ML_MODEL_INVALID',
    });
    await expect(loadAttackDetector(join(dir, 'broken.json'), xgb)).rejects.toMatchObject({
      code: 'VIGIL_ML_MODEL_INVALID',
    });
    await expect(loadAttackDetector(join(dir, 'missing.json'), xgb)).rejects.toMatchObject({
      code: 'VIGIL_ML_MODEL_INVALID',
    });
  });
});
