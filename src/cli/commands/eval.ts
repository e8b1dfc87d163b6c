import type { Command } from 'commander';
import { InvalidArgumentError } from '../../errors/index.ts';
import {
  benchAttackScorer,
  crossValidateAttackDetector,
  DEFAULT_ATTACK_MODEL_PATH,
  DEFAULT_WUSTL_PATH,
  type DetectionMetrics,
  type EpisodeStats,
  evaluateAttackDetector,
  loadAttackDetector,
  loadWustlCsv,
  loadXgboost,
  REPO_ROOT,
  splitWustlFile,
} from '../../ml/index.ts';
import { printResult } from '../options.ts';
import { registerEvalAlertsCommand } from './evalAlerts.ts';
import { registerEvalAnomalyCommand, registerEvalDeteriorationCommand } from './evalDeterioration.ts';
import { registerEvalFederatedCommand } from './evalFederated.ts';
import { registerEvalTrustCommand } from './evalTrust.ts';

function positiveInt(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  return n;
}

const pct = (v: number) => (Number.isNaN(v) ? '   n/a' : `${(v * 100).toFixed(1).padStart(5)}%`);

/** One table line of detection metrics. */
export function formatMetricsRow(label: string, m: DetectionMetrics): string {
  return `${label.padEnd(14)} ${[m.f1, m.precision, m.recall, m.auroc, m.recallByCategory.Spoofing, m.recallByCategory['Data Alteration']].map(pct).join('  ')}`;
}

/** One line of episode-level figures. */
export function formatEpisodes(label: string, e: EpisodeStats): string {
  return `${label.padEnd(14)} episodes detected ${e.detected}/${e.episodes}, median delay ${e.medianDelayRows} rows, false alarms ${e.falseAlarmsAfterEpisode} trailing an episode + ${e.falseAlarmsElsewhere} elsewhere`;
}

const TABLE_HEADER = `${''.padEnd(14)} ${['F1', 'prec', 'recall', 'AUROC', 'spoof', 'alter'].map((h) => h.padStart(6)).join('  ')}`;

/** Keeps the JSON shape stable: metrics without internal fields, NaN as null. */
function metricsJson(m: DetectionMetrics) {
  return {
    f1: m.f1,
    precision: m.precision,
    recall: m.recall,
    auroc: m.auroc,
    recallByCategory: {
      Spoofing: m.recallByCategory.Spoofing,
      'Data Alteration': m.recallByCategory['Data Alteration'],
    },
  };
}

/** `vigil eval attacks …` (the IoMT attack detector against WUSTL-EHMS-2020). */
function registerEvalAttacks(evalGroup: Command): void {
  evalGroup
    .command('attacks')
    .description(
      'evaluate the IoMT attack detector and a per-row gradient-boosting baseline on unseen time periods',
    )
    .option('--train <file>', 'training file (WUSTL-EHMS layout, rows in time order)')
    .option('--test <file>', 'test file from a later period')
    .option('--cv <k>', 'blocked cross-validation over K contiguous periods of --data')
    .option('--fold <k>', 'with --cv: run only fold k (0-based)')
    .option(
      '--gap <rows>',
      'rows left out between training and test (--cv: each side of a test block; --split: before the test file)',
      '50',
    )
    .option('--data <file>', 'data for --cv or --split', DEFAULT_WUSTL_PATH)
    .option(
      '--split <dir>',
      'write train.csv.gz/test.csv.gz of --data into <dir> (outside the repository) and exit',
    )
    .option('--test-fraction <f>', 'with --split: share of rows at the end used for the test file', '0.2')
    .option('--iterations <n>', 'boosting rounds (default 150)')
    .option('--bench', 'measure streaming vs batch scoring speed of --model on the rows of --data')
    .option('--model <file>', 'with --bench: model file', DEFAULT_ATTACK_MODEL_PATH)
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const json = Boolean(flags.json);
      const iterations =
        flags.iterations === undefined ? undefined : positiveInt(flags.iterations, '--iterations');
      if (iterations === 0) throw new InvalidArgumentError('--iterations must be at least 1');
      const params = iterations === undefined ? undefined : { iterations };
      if (flags.split) {
        const result = await splitWustlFile({
          data: String(flags.data),
          outDir: String(flags.split),
          forbiddenRoot: REPO_ROOT,
          testFraction: Number(flags.testFraction),
          gap: positiveInt(flags.gap, '--gap'),
        });
        printResult(
          result,
          json,
          () =>
            `train: ${result.train} (${result.rows.train} rows)\ntest:  ${result.test} (${result.rows.test} rows)`,
        );
        return;
      }
      const xgb = await loadXgboost();
      if (flags.bench) {
        const detector = await loadAttackDetector(String(flags.model), xgb);
        try {
          const { rows } = await loadWustlCsv(String(flags.data));
          const b = benchAttackScorer(detector, rows);
          printResult(b, json, () =>
            [
              `${b.rows} rows over ${b.sources} sources on ${b.machine.cpu} (${b.machine.cores} cores, Node ${b.machine.node})`,
              `streaming: ${b.streamingRowsPerSecond} rows/s`,
              `batch:     ${b.batchRowsPerSecond} rows/s`,
            ].join('\n'),
          );
        } finally {
          detector.free();
        }
        return;
      }
      if (flags.cv !== undefined) {
        const { rows } = await loadWustlCsv(String(flags.data));
        const cv = crossValidateAttackDetector(xgb, {
          rows,
          folds: positiveInt(flags.cv, '--cv'),
          gap: positiveInt(flags.gap, '--gap'),
          ...(flags.fold !== undefined ? { only: [positiveInt(flags.fold, '--fold')] } : {}),
          ...(params ? { params } : {}),
        });
        const out = {
          folds: cv.folds.map((f) => ({
            fold: f.fold,
            testRows: f.testRange,
            ...metricsJson(f),
            threshold: f.threshold,
            episodes: f.episodes,
            baseline: {
              ...metricsJson(f.baseline),
              threshold: f.baseline.threshold,
              episodes: f.baseline.episodes,
            },
            rows: f.rows,
          })),
          mean: { ...metricsJson(cv.mean), baseline: metricsJson(cv.mean.baseline) },
        };
        printResult(out, json, () =>
          [
            TABLE_HEADER,
            ...cv.folds.flatMap((f) => [
              formatMetricsRow(`fold ${f.fold} model`, f),
              formatMetricsRow(`fold ${f.fold} base`, f.baseline),
            ]),
            formatMetricsRow('mean model', cv.mean),
            formatMetricsRow('mean baseline', cv.mean.baseline),
            '',
            ...cv.folds.flatMap((f) => [
              formatEpisodes(`fold ${f.fold} model`, f.episodes),
              formatEpisodes(`fold ${f.fold} base`, f.baseline.episodes),
            ]),
          ].join('\n'),
        );
        return;
      }
      if (!flags.train || !flags.test) {
        throw new InvalidArgumentError(
          'give --train FILE --test FILE, or --cv K [--data FILE], or --split DIR',
        );
      }
      const train = (await loadWustlCsv(String(flags.train))).rows;
      const test = (await loadWustlCsv(String(flags.test))).rows;
      const r = evaluateAttackDetector(xgb, { train, test, ...(params ? { params } : {}) });
      const out = {
        ...metricsJson(r),
        threshold: r.threshold,
        episodes: r.episodes,
        baseline: {
          ...metricsJson(r.baseline),
          threshold: r.baseline.threshold,
          episodes: r.baseline.episodes,
        },
        rows: r.rows,
      };
      printResult(out, json, () =>
        [
          `train rows: ${r.rows.train}, test rows: ${r.rows.test}`,
          TABLE_HEADER,
          formatMetricsRow('model', r),
          formatMetricsRow('baseline', r.baseline),
          formatEpisodes('model', r.episodes),
          formatEpisodes('baseline', r.baseline.episodes),
        ].join('\n'),
      );
    });
}

/** The `eval` group: offline evaluations of Vigil's models. Add further subcommands beside `attacks`. */
export function registerEvalCommands(program: Command): void {
  const evalGroup = program.command('eval').description('evaluate Vigil models on held-out data');
  registerEvalAttacks(evalGroup);
  registerEvalDeteriorationCommand(evalGroup);
  registerEvalAnomalyCommand(evalGroup);
  registerEvalTrustCommand(evalGroup);
  registerEvalAlertsCommand(evalGroup);
  registerEvalFederatedCommand(evalGroup);
}
