import type { Command } from 'commander';
import { InvalidArgumentError } from '../../errors/index.ts';
import { type RunTrustEvalReturnType, runTrustEval } from '../../trust/index.ts';
import { printResult } from '../options.ts';

const int = (v: unknown, name: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  return n;
};

const rate = (v: unknown) => {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('--artefact-rate must be between 0 and 1');
  return n;
};

/** The text report of `vigil eval trust`. */
export function formatTrustEval(r: RunTrustEvalReturnType): string {
  return [
    `mode: ${r.mode}`,
    `${r.minutes} simulated minutes, attacks from minute ${r.onsetMinute}; readings accepted ${r.readings.accepted}, rejected ${r.readings.rejected}; ${r.seconds} s`,
    '',
    `${'scenario'.padEnd(14)} ${'device'.padEnd(10)} readings-to-quarantine  minutes  reason`,
    ...r.scenarios.map(
      (s) =>
        `${s.name.padEnd(14)} ${s.deviceId.padEnd(10)} ${String(s.readingsUntilQuarantine ?? `not (${s.readingsSentSinceOnset} sent)`).padStart(22)}  ${String(s.minutesUntilQuarantine ?? '-').padStart(7)}  ${s.reason ?? ''}${s.collateral.length ? `  [collateral: ${s.collateral.map((c) => `${c.deviceId} at minute ${c.minute}: ${c.reason}`).join('; ')}]` : ''}`,
    ),
    '',
    `honest devices: ${r.honest.devices}, falsely quarantined: ${r.honest.quarantined.length} (${(r.honest.falseQuarantineRate * 100).toFixed(2)} %)`,
    ...r.honest.quarantined.map((q) => `  ${q.deviceId} at minute ${q.minute}: ${q.reason}`),
    `goals: every attack within 60 readings ${r.goals.attacksQuarantinedWithin60 ? 'MET' : 'NOT MET'}; false quarantine <= 1 % ${r.goals.falseQuarantineAtMost1Percent ? 'MET' : 'NOT MET'}`,
  ].join('\n');
}

/** `vigil eval trust`: attack scenarios and honest devices through the real ingest pipeline. */
export function registerEvalTrustCommand(evalGroup: Command): void {
  evalGroup
    .command('trust')
    .description(
      'simulated attacks and honest devices (real ICU trajectories) through the ingest pipeline: readings until quarantine, false quarantines',
    )
    .option('--patients <n>', 'honest simulated patients (4 devices each)', '60')
    .option('--minutes <n>', 'simulated minutes', '240')
    .option('--onset <minute>', 'minute the attacks start', '120')
    .option('--seed <n>', 'noise seed', '1')
    .option('--artefact-rate <p>', 'share of honest pulse readings that are motion artefacts', '0.003')
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown>) => {
      const r = await runTrustEval({
        honestPatients: int(flags.patients, '--patients'),
        minutes: int(flags.minutes, '--minutes'),
        onsetMinute: int(flags.onset, '--onset'),
        seed: int(flags.seed, '--seed'),
        artefactRate: rate(flags.artefactRate),
      });
      printResult(r, Boolean(flags.json), () => formatTrustEval(r));
    });
}
