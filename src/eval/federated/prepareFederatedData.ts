import {
  buildDataset,
  type FeatureSet,
  featureNames,
  type Outcomes,
  type PhysionetRecord,
  stratifiedFolds,
} from '../../clinical/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { type HospitalSplit, hospitalOf } from './assignHospitals.ts';

/** Raw feature rows and labels. */
export type Rows = { x: number[][]; y: number[] };

export type FederatedData = {
  featureNames: string[];
  /** The coordinator's reference patients: taken from the training patients, trained on by nobody. */
  reference: Rows;
  hospitals: { id: string; train: Rows; test: Rows }[];
  test: Rows & { hospital: string[] };
};

export type PrepareFederatedDataParameters = {
  train: { records: PhysionetRecord[]; outcomes: Outcomes };
  test: { records: PhysionetRecord[]; outcomes: Outcomes };
  split: HospitalSplit;
  hours: number;
  featureSet: FeatureSet;
  /** Share of the training patients the coordinator keeps as its reference set (default 0.1). */
  referenceFraction?: number;
  seed: number;
};

/**
 * Featurises the stays, sets aside the coordinator's reference patients (stratified, from the training
 * patients), and splits the remaining training patients and the test patients into hospitals by the
 * same rule. A test stay whose patient is also in the training file is dropped (never scored).
 */
export function prepareFederatedData(p: PrepareFederatedDataParameters): FederatedData {
  const spec = { hours: p.hours, featureSet: p.featureSet };
  const trainIds = new Set(p.train.records.map((r) => r.recordId));
  const testRecords = p.test.records.filter((r) => !trainIds.has(r.recordId));
  const train = buildDataset(p.train.records, p.train.outcomes, spec);
  const test = buildDataset(testRecords, p.test.outcomes, spec);
  const trainHospital = p.train.records.map((r) => hospitalOf(r, p.split));
  const testHospital = testRecords.map((r) => hospitalOf(r, p.split));
  const fraction = p.referenceFraction ?? 0.1;
  if (!(fraction > 0 && fraction < 0.5))
    throw new InvalidArgumentError('the reference fraction must be in (0, 0.5)');
  const k = Math.max(2, Math.round(1 / fraction));
  const fold = stratifiedFolds(train.y, k, p.seed + 2000);
  const reference: Rows = { x: [], y: [] };
  const byHospital = new Map<string, { train: Rows; test: Rows }>();
  const slot = (id: string) => {
    let h = byHospital.get(id);
    if (!h) {
      h = { train: { x: [], y: [] }, test: { x: [], y: [] } };
      byHospital.set(id, h);
    }
    return h;
  };
  train.x.forEach((row, i) => {
    const target = fold[i] === 0 ? reference : slot(trainHospital[i]!).train;
    target.x.push(row);
    target.y.push(train.y[i]!);
  });
  test.x.forEach((row, i) => {
    const h = slot(testHospital[i]!).test;
    h.x.push(row);
    h.y.push(test.y[i]!);
  });
  const hospitals = [...byHospital.entries()]
    .filter(([, h]) => h.train.x.length > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, h]) => ({ id, ...h }));
  return {
    featureNames: featureNames(p.featureSet),
    reference,
    hospitals,
    test: { x: test.x, y: test.y, hospital: testHospital },
  };
}
