import type { Command } from 'commander';
import {
  DEFAULT_ATTACK_MODEL_PATH,
  DEFAULT_WUSTL_PATH,
  loadWustlCsv,
  loadXgboost,
  saveAttackDetector,
  trainAttackDetector,
  WUSTL_CITATION,
} from '../../ml/index.ts';
import { printResult } from '../options.ts';
import { registerTrainDeteriorationCommand } from './trainDeterioration.ts';

/** `vigil train attacks`: trains the attack detector on the whole data file and writes the model file. */
function registerTrainAttacks(trainGroup: Command): void {
  trainGroup
    .command('attacks')
    .description('train the IoMT attack detector on WUSTL-EHMS-2020 and write its model file (no data rows)')
    .option('--data <file>', 'training data (WUSTL-EHMS layout)', DEFAULT_WUSTL_PATH)
    .option('--out <file>', 'model file to write', DEFAULT_ATTACK_MODEL_PATH)
    .option('--json', 'print JSON')
    .action(async (flags: { data: string; out: string; json?: boolean }) => {
      const xgb = await loadXgboost();
      const { rows } = await loadWustlCsv(flags.data);
      const { model, booster } = trainAttackDetector(xgb, {
        rows,
        dataSource: 'WUSTL-EHMS-2020 (wustl-ehms-2020-dev.csv.gz)',
        citation: WUSTL_CITATION,
      });
      booster.free();
      const { sha256 } = await saveAttackDetector(flags.out, model);
      const result = {
        out: flags.out,
        sha256,
        rows: model.training.rows,
        attackRows: model.training.attackRows,
        threshold: model.threshold,
        features: model.featureNames.length,
      };
      printResult(result, Boolean(flags.json), () =>
        [
          `wrote ${result.out}`,
          `sha256:    ${sha256}`,
          `trained on ${result.rows} rows (${result.attackRows} attack rows), ${result.features} features`,
          `threshold: ${result.threshold.toFixed(4)}`,
        ].join('\n'),
      );
    });
}

/** The `train` group: trains Vigil's models. Add further subcommands beside `attacks`. */
export function registerTrainCommands(program: Command): void {
  const trainGroup = program.command('train').description('train Vigil models');
  registerTrainAttacks(trainGroup);
  registerTrainDeteriorationCommand(trainGroup);
}
