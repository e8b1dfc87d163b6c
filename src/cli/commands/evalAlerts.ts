import type { Command } from 'commander';
import { type EvaluateAlertsReturnType, evaluateAlerts } from '../../clinical/alerts/eval/evaluateAlerts.ts';
import { loadAlertModel } from '../../clinical/alerts/loadAlertModel.ts';
import { printResult } from '../options.ts';

const pct = (v: number) => (Number.isNaN(v) ? 'n/a' : `${(v * 100).toFixed(1)} %`);

/** The text report of `vigil eval alerts`. */
export function formatAlertsEval(r: EvaluateAlertsReturnType): string {
  return [
    `${r.patients} demo stays, ${r.patientHours} patient-hours; risk model ${r.riskModel ? 'on' : 'off'}; ${r.seconds} s`,
    `alerts caused by injected artefacts labelled artefact: ${r.artefactAlertsLabelledArtefact}/${r.artefactAlerts} = ${pct(r.artefactLabelShare)} (goal >= 90 %)`,
    ...Object.entries(r.byInjection).map(
      ([k, b]) =>
        `  ${k.padEnd(12)} injected ${b.injected}, alerts ${b.alerts}, labelled artefact ${b.labelledArtefact}`,
    ),
    `injected deteriorations alerted within the window: ${r.deteriorationsAlerted}/${r.deteriorations} = ${pct(r.deteriorationAlertedShare)}, median ${r.medianMinutesToAlert ?? '-'} min to the first alert`,
    `alerts per patient-hour on untouched courses: ${r.alertsPerPatientHour.toFixed(3)} (clinical only ${r.clinicalAlertsPerPatientHour.toFixed(3)})`,
  ].join('\n');
}

/** `vigil eval alerts`: alert precision on artefacts and deteriorations injected into the demo stays. */
export function registerEvalAlertsCommand(evalGroup: Command): void {
  evalGroup
    .command('alerts')
    .description(
      'replay the bundled PhysioNet demo stays through the alert engine with injected artefacts and deteriorations',
    )
    .option('--no-model', 'without the deterioration-risk model')
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown>) => {
      const model =
        flags.model === false
          ? undefined
          : await loadAlertModel((e) => {
              throw e;
            });
      const r = await evaluateAlerts({ model });
      printResult(r, Boolean(flags.json), () => formatAlertsEval(r));
    });
}
