import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { stratifiedFolds } from '../deterioration/buildDataset.ts';
import { ClinicalDataError } from '../errors.ts';
import { parseOutcomes } from './readOutcomes.ts';
import { readMaybeGzip } from './readPhysionetLong.ts';

export type SplitPhysionetByPatientParameters = {
  data: string;
  outcomes: string;
  outDir: string;
  /** Share of patients in the test split (stratified by outcome). Default 0.2. */
  testFraction?: number;
  seed?: number;
};

export type SplitPhysionetByPatientReturnType = {
  train: string;
  trainOutcomes: string;
  test: string;
  testOutcomes: string;
  patients: { train: number; test: number };
};

/** Splits a long-format file and its outcomes by patient into train/test files (no patient in both). */
export function splitPhysionetByPatient(
  params: SplitPhysionetByPatientParameters,
): SplitPhysionetByPatientReturnType {
  const fraction = params.testFraction ?? 0.2;
  if (!(fraction > 0 && fraction < 1)) throw new ClinicalDataError('testFraction must be between 0 and 1');
  const outcomesText = readMaybeGzip(params.outcomes);
  const outcomes = parseOutcomes(outcomesText);
  const ids = [...outcomes.keys()];
  const k = Math.max(2, Math.round(1 / fraction));
  const fold = stratifiedFolds(
    ids.map((id) => outcomes.get(id)!),
    k,
    params.seed ?? 1,
  );
  const testIds = new Set(ids.filter((_, i) => fold[i] === 0));
  const lines = readMaybeGzip(params.data).split('\n');
  const header = lines[0]!;
  const train: string[] = [header];
  const test: string[] = [header];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    (testIds.has(line.slice(0, line.indexOf(','))) ? test : train).push(line);
  }
  const oLines = outcomesText.split('\n').filter((l) => l.trim());
  const oTrain = [oLines[0]!];
  const oTest = [oLines[0]!];
  for (const l of oLines.slice(1)) (testIds.has(l.slice(0, l.indexOf(','))) ? oTest : oTrain).push(l);
  mkdirSync(params.outDir, { recursive: true });
  const out = {
    train: join(params.outDir, 'train.csv.gz'),
    trainOutcomes: join(params.outDir, 'train-outcomes.csv'),
    test: join(params.outDir, 'test.csv.gz'),
    testOutcomes: join(params.outDir, 'test-outcomes.csv'),
  };
  writeFileSync(out.train, gzipSync(`${train.join('\n')}\n`));
  writeFileSync(out.test, gzipSync(`${test.join('\n')}\n`));
  writeFileSync(out.trainOutcomes, `${oTrain.join('\n')}\n`);
  writeFileSync(out.testOutcomes, `${oTest.join('\n')}\n`);
  return { ...out, patients: { train: oTrain.length - 1, test: oTest.length - 1 } };
}
