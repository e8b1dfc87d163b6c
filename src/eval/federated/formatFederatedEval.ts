import type { RunFederatedEvalReturnType } from './runFederatedEval.ts';

const f3 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(3);

/** The human-readable report of `vigil eval federated`. */
export function formatFederatedEval(
  r: RunFederatedEvalReturnType,
  meta: { hospitals: string; rounds: number; seed: number; seconds: number },
): string {
  const lines = [
    `${r.perHospital.length} hospitals (${meta.hospitals}), ${meta.rounds} rounds, seed ${meta.seed}: ${r.patients.train} training patients in hospitals, ${r.patients.reference} reference patients (coordinator), ${r.patients.test} test patients`,
    `centralised (same family, pooled rows): AUROC ${f3(r.centralizedAuroc)}   local-only, mean over hospitals on their own test patients: ${f3(r.localOnlyAuroc)}`,
    '',
    `${'hospital'.padEnd(22)} train (deaths)  test (deaths)  local-only  centralised  federated (clean, first aggregator)`,
    ...r.perHospital.map(
      (h) =>
        `${h.hospitalId.padEnd(22)} ${`${h.trainPatients} (${h.trainDeaths})`.padEnd(15)} ${`${h.testPatients} (${h.testDeaths})`.padEnd(14)} ${f3(h.localOnlyAuroc).padEnd(11)} ${f3(h.centralizedAuroc).padEnd(12)} ${f3(h.federatedAuroc)}`,
    ),
    '',
    `${'aggregator'.padEnd(13)} ${'attack'.padEnd(17)} AUROC  clean  on-hospital  excluded (round)${r.rows.some((x) => x.epsilon !== null) ? '  ε      non-DP' : ''}`,
    ...r.rows.map((x) => {
      const excl = x.exclusions.length
        ? x.exclusions.map((e) => `${e.hospitalId}${e.poisoned ? '*' : ''}@${e.round}`).join(' ')
        : '-';
      const dp = x.epsilon !== null ? `  ${f3(x.epsilon).padEnd(6)} ${f3(x.nonPrivateAuroc)}` : '';
      return `${x.aggregator.padEnd(13)} ${x.attack.padEnd(17)} ${f3(x.auroc)}  ${f3(x.cleanFederatedAuroc)}  ${f3(x.federatedOnHospitalAuroc).padEnd(11)}  ${excl}${dp}`;
    }),
    '',
    `* poisoned hospital; ${meta.seconds.toFixed(1)} s`,
  ];
  return lines.join('\n');
}
