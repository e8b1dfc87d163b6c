import type { Command } from 'commander';
import {
  DEFAULT_AUX_SURVIVAL_DAYS,
  readAuxiliaryOutcomes,
} from '../../clinical/deterioration/auxiliaryOutcomes.ts';
import {
  cleanRecord,
  crossValidateDeterioration,
  DEFAULT_PHYSIONET_DATA,
  DEFAULT_PHYSIONET_OUTCOMES,
  evaluateAnomalyDetector,
  evaluateDeterioration,
  readOutcomes,
  readPhysionetLong,
  splitPhysionetByPatient,
} from '../../clinical/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { printResult } from '../options.ts';

export type Flags = Record<string, string | boolean | undefined>;

function parseHours(value: unknown): number {
  const h = Number(value ?? 24);
  if (h !== 24 && h !== 48) throw new InvalidArgumentError('--hours must be 24 or 48');
  return h;
}

function intFlag(value: unknown, name: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
  return n;
}

/** `--lr-bins 8`: binned (additive) LR part with that many quantile bins per feature. */
export function parseLrBins(value: unknown): number | undefined {
  if (value === undefined || value === false) return undefined;
  return intFlag(value, '--lr-bins', 2);
}

/**
 * Horizon (days) of the auxiliary training label, or undefined without the auxiliary part (`--no-aux`,
 * or `--gb-only`: boosting alone). Default `DEFAULT_AUX_SURVIVAL_DAYS`.
 */
export function parseAuxDays(flags: Flags): number | undefined {
  if (flags.aux === false || flags.gbOnly) return undefined;
  return intFlag(flags.auxSurvivalDays ?? DEFAULT_AUX_SURVIVAL_DAYS, '--aux-survival-days', 1);
}

/** `--augment 12,24`: training-only later windows (hours after admission); each must end by 48 h. */
export function parseAugment(value: unknown, hours: number): number[] | undefined {
  if (value === undefined || value === false) return undefined;
  const offsets = String(value)
    .split(',')
    .map((x) => Number(x.trim()));
  for (const o of offsets) {
    if (!Number.isFinite(o) || o <= 0 || o + hours > 48) {
      throw new InvalidArgumentError(
        `--augment offsets must be > 0 h and end by 48 h (got ${String(value)})`,
      );
    }
  }
  return offsets;
}

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

function metricsText(m: { auroc: number; auprc: number; brier: number; news2Auroc: number }): string {
  return `AUROC ${f3(m.auroc)}  AUPRC ${f3(m.auprc)}  Brier ${f3(m.brier)}  worst-NEWS2 AUROC ${f3(m.news2Auroc)}`;
}

function componentText(m: { gbAuroc: number; lrAuroc?: number; auxAuroc?: number }): string {
  if (m.lrAuroc === undefined && m.auxAuroc === undefined) return `gradient boosting only`;
  return [
    `parts: boosting AUROC ${f3(m.gbAuroc)}`,
    ...(m.lrAuroc === undefined ? [] : [`logistic regression AUROC ${f3(m.lrAuroc)}`]),
    ...(m.auxAuroc === undefined ? [] : [`auxiliary-label boosting AUROC ${f3(m.auxAuroc)}`]),
  ].join('  ');
}

/** `vigil eval deterioration …`: in-hospital death from the first 24/48 h, on patients never trained on. */
export function registerEvalDeteriorationCommand(evalGroup: Command): void {
  evalGroup
    .command('deterioration')
    .description(
      'evaluate the PhysioNet 2012 deterioration-risk model (patient-level split) against worst NEWS2',
    )
    .option('--train <file>', 'training stays, PhysioNet long format (.csv or .csv.gz)')
    .option('--train-outcomes <file>', 'outcomes of the training stays')
    .option('--test <file>', 'test stays (patients not in --train)')
    .option('--test-outcomes <file>', 'outcomes of the test stays')
    .option('--hours <h>', 'window from ICU admission: 24 or 48', '24')
    .option('--vitals-only', 'vital signs and descriptors only (no laboratory values)')
    .option('--cv <k>', 'patient-level K-fold cross-validation on --data/--outcomes')
    .option(
      '--split <dir>',
      'split --data/--outcomes by patient into train/test files under <dir> (e.g. /tmp) and exit',
    )
    .option('--test-fraction <f>', 'with --split: share of patients in the test files', '0.2')
    .option('--data <file>', 'data for --cv/--split', DEFAULT_PHYSIONET_DATA)
    .option('--outcomes <file>', 'outcomes for --cv/--split', DEFAULT_PHYSIONET_OUTCOMES)
    .option('--seed <n>', 'seed for folds and boosting', '1')
    .option('--gb-only', 'gradient boosting alone (no logistic-regression or auxiliary-label part)')
    .option(
      '--augment <hours>',
      'training-only augmentation: also train on the windows starting at these hours, e.g. 12,24 (tests use the first hours)',
    )
    .option('--average-grid', 'average the boosting of every grid entry instead of selecting one')
    .option(
      '--lr-bins <n>',
      'LR part on n training-quantile bins per feature (one-hot + missing bin, additive) instead of linear',
    )
    .option(
      '--aux-survival-days <d>',
      'auxiliary part: boosting trained on "death in hospital or Survival <= d days" (training labels only)',
      String(DEFAULT_AUX_SURVIVAL_DAYS),
    )
    .option('--no-aux', 'no auxiliary-label part (GB + LR only)')
    .option('--json', 'print JSON')
    .action(async (flags: Flags) => {
      const json = Boolean(flags.json);
      const ensemble = !flags.gbOnly;
      const hours = parseHours(flags.hours);
      const featureSet = flags.vitalsOnly ? 'vitals' : 'all';
      const seed = intFlag(flags.seed, '--seed', 0);
      const augmentOffsetsHours = parseAugment(flags.augment, hours);
      const lrBins = parseLrBins(flags.lrBins);
      const auxDays = parseAuxDays(flags);
      if (flags.split) {
        const r = splitPhysionetByPatient({
          data: String(flags.data),
          outcomes: String(flags.outcomes),
          outDir: String(flags.split),
          testFraction: Number(flags.testFraction),
          seed,
        });
        printResult(r, json, () =>
          [
            `train: ${r.train} + ${r.trainOutcomes} (${r.patients.train} patients)`,
            `test:  ${r.test} + ${r.testOutcomes} (${r.patients.test} patients)`,
          ].join('\n'),
        );
        return;
      }
      if (flags.cv !== undefined) {
        const k = intFlag(flags.cv, '--cv', 2);
        const r = await crossValidateDeterioration({
          records: readPhysionetLong(String(flags.data)),
          outcomes: readOutcomes(String(flags.outcomes)),
          k,
          hours,
          featureSet,
          seed,
          ensemble,
          augmentOffsetsHours,
          averageGrid: Boolean(flags.averageGrid),
          lrBins,
          ...(auxDays ? { auxOutcomes: readAuxiliaryOutcomes(String(flags.outcomes), auxDays) } : {}),
        });
        printResult(r, json, () =>
          [
            `${k}-fold patient-level CV, ${hours} h, ${featureSet} (${r.patients.test} patients)`,
            metricsText(r),
            componentText(r),
            `per-fold AUROC: ${r.foldAuroc.map(f3).join(' ')}`,
          ].join('\n'),
        );
        return;
      }
      for (const name of ['train', 'trainOutcomes', 'test', 'testOutcomes']) {
        if (!flags[name]) {
          throw new InvalidArgumentError(
            'give --train --train-outcomes --test --test-outcomes, or --cv K, or --split DIR',
          );
        }
      }
      const r = await evaluateDeterioration({
        train: {
          records: readPhysionetLong(String(flags.train)),
          outcomes: readOutcomes(String(flags.trainOutcomes)),
        },
        test: {
          records: readPhysionetLong(String(flags.test)),
          outcomes: readOutcomes(String(flags.testOutcomes)),
        },
        hours,
        featureSet,
        seed,
        ensemble,
        augmentOffsetsHours,
        averageGrid: Boolean(flags.averageGrid),
        lrBins,
        ...(auxDays ? { auxOutcomes: readAuxiliaryOutcomes(String(flags.trainOutcomes), auxDays) } : {}),
      });
      printResult(r, json, () =>
        [
          `${hours} h, ${featureSet}: trained on ${r.patients.train} patients, tested on ${r.patients.test} others`,
          metricsText(r),
          componentText(r),
        ].join('\n'),
      );
    });
}

/** `vigil eval anomaly`: injects artefacts and deteriorations into real PhysioNet courses. */
export function registerEvalAnomalyCommand(evalGroup: Command): void {
  evalGroup
    .command('anomaly')
    .description(
      'inject artefacts and deteriorations into PhysioNet 2012 courses and score the anomaly labels',
    )
    .option('--data <file>', 'PhysioNet long-format file', DEFAULT_PHYSIONET_DATA)
    .option('--seed <n>', 'injection seed', '7')
    .option('--json', 'print JSON')
    .action((flags: Flags) => {
      const records = readPhysionetLong(String(flags.data)).map(cleanRecord);
      const r = evaluateAnomalyDetector(records, { seed: intFlag(flags.seed, '--seed', 0) });
      printResult(r, Boolean(flags.json), () =>
        [
          `${r.trajectories} trajectories, ${r.readings} readings`,
          `artefact flags labelled artefact:     ${f3(r.artefactFlagsLabelledArtefact)}`,
          `deteriorations labelled clinical:     ${f3(r.deteriorationsLabelledClinical)}`,
          `deterioration flags labelled clinical: ${f3(r.deteriorationFlagsLabelledClinical)}`,
          `detected: ${Object.entries(r.detected)
            .map(([k, v]) => `${k} ${f3(v)}`)
            .join(', ')}`,
          `background flags per 100 readings (untouched courses): ${f3(r.backgroundFlagsPer100Readings)}`,
        ].join('\n'),
      );
    });
}
