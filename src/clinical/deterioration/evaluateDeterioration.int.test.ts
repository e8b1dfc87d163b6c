import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateAnomalyDetector } from '../anomaly/evaluateAnomalyDetector.ts';
import { cleanRecord } from '../physionet/cleanRecord.ts';
import { readOutcomes } from '../physionet/readOutcomes.ts';
import { readPhysionetLong } from '../physionet/readPhysionetLong.ts';
import { evaluateDeterioration } from './evaluateDeterioration.ts';

const base = fileURLToPath(new URL('../../../../shared/data/physionet-2012/', import.meta.url));
const DATA = `${base}set-a-dev.csv.gz`;
const OUTCOMES = `${base}outcomes-a-dev.csv`;
const present = existsSync(DATA) && existsSync(OUTCOMES);
const ci = process.env.CI === 'true';
if (!present && !ci)
  console.log('skipped: ../shared/data not found (PhysioNet 2012 deterioration int tests)');

describe.skipIf(!present && !ci)('deterioration on PhysioNet 2012 (patient split)', () => {
  const records = present || ci ? readPhysionetLong(DATA) : [];
  const outcomes = present || ci ? readOutcomes(OUTCOMES) : new Map<string, 0 | 1>();

  it('a quick small GB + LR ensemble beats worst NEWS2 on patients it never saw', async () => {
    const test = records.filter((_, i) => i % 4 === 0);
    const train = records.filter((_, i) => i % 4 !== 0);
    const grid = [
      { max_depth: 3, eta: 0.1, iterations: 60, min_child_weight: 3, subsample: 0.8, colsample_bytree: 0.5 },
    ];
    const r = await evaluateDeterioration({
      train: { records: train, outcomes },
      test: { records: test, outcomes },
      hours: 24,
      featureSet: 'vitals',
      grid,
      folds: 3,
      lambdas: [300],
    });
    expect(r.patients.test).toBe(test.length);
    expect(r.lrAuroc).toBeGreaterThan(r.news2Auroc);
    expect(r.auroc).toBeGreaterThan(r.news2Auroc);
    expect(r.auroc).toBeGreaterThan(0.72);
    expect(r.brier).toBeLessThan(0.12);
  }, 60_000);

  it('labels at least 90% of injected-artefact flags as artefacts', () => {
    const r = evaluateAnomalyDetector(records.slice(0, 400).map(cleanRecord));
    expect(r.trajectories).toBeGreaterThan(300);
    expect(r.artefactFlagsLabelledArtefact).toBeGreaterThanOrEqual(0.9);
    expect(r.deteriorationsLabelledClinical).toBeGreaterThan(0.6);
  });
});
