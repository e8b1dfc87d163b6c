import type { Command } from 'commander';
import {
  buildDataset,
  DEFAULT_PHYSIONET_DATA,
  DEFAULT_PHYSIONET_OUTCOMES,
  readOutcomes,
  readPhysionetLong,
  saveDeteriorationModel,
  trainDeteriorationModel,
} from '../../clinical/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { printResult } from '../options.ts';
import { parseAugment } from './evalDeterioration.ts';

/** `vigil train deterioration`: trains on every stay of --data and writes a JSON model file (no patient rows). */
export function registerTrainDeteriorationCommand(trainGroup: Command): void {
  trainGroup
    .command('deterioration')
    .description('train the PhysioNet 2012 deterioration-risk model and write its model file')
    .option('--hours <h>', 'window from ICU admission: 24 or 48', '24')
    .option('--vitals-only', 'vital signs and descriptors only (no laboratory values)')
    .option('--data <file>', 'PhysioNet long-format stays', DEFAULT_PHYSIONET_DATA)
    .option('--outcomes <file>', 'their outcomes', DEFAULT_PHYSIONET_OUTCOMES)
    .option('--out <file>', 'model file (default models/deterioration-<vitals|all>-<h>h.json)')
    .option('--seed <n>', 'seed for folds and boosting', '1')
    .option('--gb-only', 'gradient boosting alone (no logistic-regression part in the model file)')
    .option('--augment <hours>', 'training-only augmentation windows (hours after admission), e.g. 12,24')
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const hours = Number(flags.hours);
      if (hours !== 24 && hours !== 48) throw new InvalidArgumentError('--hours must be 24 or 48');
      const featureSet = flags.vitalsOnly ? 'vitals' : 'all';
      const out = String(flags.out ?? `models/deterioration-${featureSet}-${hours}h.json`);
      const augmentOffsetsHours = parseAugment(flags.augment, hours);
      const data = buildDataset(readPhysionetLong(String(flags.data)), readOutcomes(String(flags.outcomes)), {
        hours,
        featureSet,
        augmentOffsetsHours,
      });
      const model = await trainDeteriorationModel({
        data,
        hours,
        featureSet,
        seed: Number(flags.seed),
        ensemble: !flags.gbOnly,
      });
      const saved = saveDeteriorationModel(out, model, {
        hours,
        featureSet,
        data: 'PhysioNet/CinC Challenge 2012 training set A (development subset, set-a-dev)',
        augmentOffsetsHours,
      });
      model.booster.free();
      const result = {
        ...saved,
        hours,
        featureSet,
        patients: model.trainPatients,
        augmentedRows: model.augmentedRows,
        params: model.params,
        cv: model.cv,
        lrCv: model.lrCv,
        ensembleCvAuroc: model.ensembleCvAuroc,
      };
      printResult(result, Boolean(flags.json), () =>
        [
          `wrote ${saved.path}`,
          `sha256: ${saved.sha256}`,
          `trained on ${model.trainPatients} patients (${model.trainDeaths} deaths), ${hours} h, ${featureSet}`,
          `inner 5-fold CV AUROC per grid entry: ${model.cv.map((c) => c.auroc.toFixed(3)).join(' ')}`,
          ...(model.lrCv
            ? [
                `logistic regression per L2 strength: ${model.lrCv.map((c) => `${c.lambda}: ${c.auroc.toFixed(3)}`).join('  ')}`,
                `GB + LR ensemble (inner CV): ${model.ensembleCvAuroc?.toFixed(3)}`,
              ]
            : []),
        ].join('\n'),
      );
    });
}
