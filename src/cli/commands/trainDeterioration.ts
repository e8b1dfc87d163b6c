import type { Command } from 'commander';
import {
  auxiliaryLabel,
  DEFAULT_AUX_SURVIVAL_DAYS,
  readAuxiliaryOutcomes,
} from '../../clinical/deterioration/auxiliaryOutcomes.ts';
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
import { parseAugment, parseAuxDays, parseLrBins } from './evalDeterioration.ts';

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
    .option('--gb-only', 'gradient boosting alone (no logistic-regression or auxiliary-label part)')
    .option('--augment <hours>', 'training-only augmentation windows (hours after admission), e.g. 12,24')
    .option('--lr-bins <n>', 'LR part on n training-quantile bins per feature (additive) instead of linear')
    .option(
      '--aux-survival-days <d>',
      'auxiliary part: boosting trained on "death in hospital or Survival <= d days" (training labels only)',
      String(DEFAULT_AUX_SURVIVAL_DAYS),
    )
    .option('--no-aux', 'no auxiliary-label part (GB + LR only)')
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const hours = Number(flags.hours);
      if (hours !== 24 && hours !== 48) throw new InvalidArgumentError('--hours must be 24 or 48');
      const featureSet = flags.vitalsOnly ? 'vitals' : 'all';
      const out = String(flags.out ?? `models/deterioration-${featureSet}-${hours}h.json`);
      const augmentOffsetsHours = parseAugment(flags.augment, hours);
      const auxDays = parseAuxDays(flags);
      const data = buildDataset(readPhysionetLong(String(flags.data)), readOutcomes(String(flags.outcomes)), {
        hours,
        featureSet,
        augmentOffsetsHours,
        ...(auxDays ? { auxOutcomes: readAuxiliaryOutcomes(String(flags.outcomes), auxDays) } : {}),
      });
      const model = await trainDeteriorationModel({
        data,
        hours,
        featureSet,
        seed: Number(flags.seed),
        ensemble: !flags.gbOnly,
        lrBins: parseLrBins(flags.lrBins),
        auxModel: auxDays !== undefined,
      });
      const saved = saveDeteriorationModel(out, model, {
        hours,
        featureSet,
        data: 'PhysioNet/CinC Challenge 2012 training set A (development subset, set-a-dev)',
        augmentOffsetsHours,
        ...(auxDays ? { auxLabel: auxiliaryLabel(auxDays) } : {}),
      });
      model.booster.free();
      model.aux?.booster.free();
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
        ...(model.aux ? { auxCvAuroc: model.aux.cvAuroc } : {}),
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
                ...(model.aux
                  ? [`auxiliary-label boosting (inner CV): ${model.aux.cvAuroc.toFixed(3)}`]
                  : []),
                `ensemble (inner CV): ${model.ensembleCvAuroc?.toFixed(3)}`,
              ]
            : []),
        ].join('\n'),
      );
    });
}
