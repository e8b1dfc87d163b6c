import type { Command } from 'commander';
import { InvalidArgumentError } from '../../errors/index.ts';
import { DEFAULT_ATTACK_MODEL_PATH, DEFAULT_WUSTL_PATH, loadAttackDetector } from '../../ml/index.ts';
import {
  loadSpoofedLinkRows,
  type RunTrustEvalParameters,
  type RunTrustEvalReturnType,
  runTrustEval,
} from '../../trust/index.ts';
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
    ...r.skipped.map((s) => `${s.name.padEnd(14)} skipped: ${s.reason}`),
    ...r.scenarios
      .filter((s) => s.flowsUntilQuarantine !== undefined)
      .map((s) => `${s.name}: ${s.flowsUntilQuarantine ?? 'no'} flow records until quarantine`),
    ...(r.flows
      ? [
          `flows: ${r.flows.scored} records scored (one per device link per minute, vitals from ${r.flows.vitals === 'device' ? "the device's signed readings" : 'the WUSTL rows'}; attack rows from ${r.flows.attackStart}), detector alarms on honest links ${r.flows.alarms.honest}, on the spoofed link ${r.flows.alarms.attackerBeforeOnset} before / ${r.flows.alarms.attackerSinceOnset} since the onset`,
        ]
      : []),
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
    .option('--wustl <file>', 'WUSTL-EHMS-2020 file for the spoofed-link scenario', DEFAULT_WUSTL_PATH)
    .option('--no-flows', 'skip the spoofed-link scenario (no flow records)')
    .option(
      '--flow-vitals <source>',
      "biometrics joined to flow rows: 'device' (live path) or 'file'",
      'device',
    )
    .option('--attack-start <row>', 'first WUSTL attack row the spoofed link replays', '0')
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown>) => {
      const vitals = flags.flowVitals;
      if (vitals !== 'device' && vitals !== 'file') {
        throw new InvalidArgumentError("--flow-vitals must be 'device' or 'file'");
      }
      let flows: RunTrustEvalParameters['flows'] = { skipped: 'flows turned off (--no-flows)' };
      let free = () => {};
      if (flags.flows !== false) {
        const rows = await loadSpoofedLinkRows(String(flags.wustl));
        if ('skipped' in rows) {
          flows = rows;
          process.stderr.write(`spoofed-link scenario skipped: ${rows.skipped}\n`);
        } else {
          const detector = await loadAttackDetector(DEFAULT_ATTACK_MODEL_PATH);
          free = () => detector.free();
          flows = { ...rows, detector, vitals, attackStart: int(flags.attackStart, '--attack-start') };
        }
      }
      const r = await runTrustEval({
        flows,
        honestPatients: int(flags.patients, '--patients'),
        minutes: int(flags.minutes, '--minutes'),
        onsetMinute: int(flags.onset, '--onset'),
        seed: int(flags.seed, '--seed'),
        artefactRate: rate(flags.artefactRate),
      }).finally(free);
      printResult(r, Boolean(flags.json), () => formatTrustEval(r));
    });
}
