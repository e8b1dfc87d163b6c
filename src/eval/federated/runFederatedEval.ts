import { auroc, type FeatureSet } from '../../clinical/index.ts';
import {
  type AggregatorConfig,
  createLocalClient,
  DEFAULT_LOCAL_TRAINING,
  type FederatedModel,
  type FederationLedger,
  fitFeatureScaling,
  type RoundReport,
  type RunFederationReturnType,
} from '../../federation/index.ts';
import type { AttackName, AttackOptions } from './attacks.ts';
import { fitCentralized, fitLocalOnly, predictFitted } from './fitBaselines.ts';
import type { FederatedData } from './prepareFederatedData.ts';
import { runEvalFederation } from './runEvalFederation.ts';

export type FederatedEvalRow = {
  aggregator: string;
  attack: AttackName | 'none';
  poisonedHospitals: string[];
  /** The federation on every test patient. */
  auroc: number;
  /** Same aggregator and settings, every hospital honest. */
  cleanFederatedAuroc: number;
  /** Mean over hospitals of the federation's AUROC on each hospital's own test patients. */
  federatedOnHospitalAuroc: number;
  /** Round after which the last poisoned hospital was excluded (trust rule), null if it never was. */
  poisonedExcludedAtRound: number | null;
  /** Every exclusion, honest hospitals included (a false exclusion is reported, not hidden). */
  exclusions: { hospitalId: string; round: number; poisoned: boolean }[];
  /** ε spent at δ (with --dp-epsilon), else null. */
  epsilon: number | null;
  /** With DP: the same run without DP (its AUROC minus `auroc` is the cost of privacy). */
  nonPrivateAuroc?: number;
  modelDigest: string;
  federationId: string;
  perHospitalAuroc: Record<string, number>;
  /** Each hospital's expected trust after the last round. */
  finalTrust: Record<string, number>;
  /** With `trace`: every round's report (participants, refusals, weights, trust, scores, exclusions). */
  trace?: RoundReport[];
};

export type RunFederatedEvalParameters = {
  data: FederatedData;
  spec: { hours: number; featureSet: FeatureSet };
  rounds: number;
  aggregators: AggregatorConfig[];
  /** Attacks to run with `poisoned` hospitals; 'none' runs only the clean federation. */
  attacks: (AttackName | 'none')[];
  poisoned: number;
  /** Also report each aggregator's clean run as a row of its own (attack 'none'). */
  includeClean?: boolean;
  /** Add every round's report to each row. */
  trace?: boolean;
  attackOptions?: AttackOptions;
  dp?: { epsilon: number; delta: number; clip: number; sampleRate: number; subspace?: number };
  /** Local training overrides (steps, learning rate, L2). */
  training?: { steps?: number; learningRate?: number; l2?: number };
  /** Server momentum (default 0.8; with DP default 0, since momentum multiplies the noise). */
  serverMomentum?: number;
  seed: number;
  /** Where every federation run is recorded (default: memory). */
  ledger?: FederationLedger;
  /** Prefix of federation ids, at most 7 characters (unique per evaluation when recording on a chain). */
  federationPrefix?: string;
  onProgress?: (message: string) => void;
};

/** Mean of the finite values (a hospital without deaths among its test patients has no AUROC). */
const meanFinite = (values: number[]) => {
  const v = values.filter(Number.isFinite);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : Number.NaN;
};

/**
 * The offline evaluation of issue #20: centralised and local-only baselines of the same family, then
 * one federation per (aggregator, attack) with fixed seeds, all scored on test patients no model saw.
 */
export async function runFederatedEval(p: RunFederatedEvalParameters) {
  const { data } = p;
  const log = p.onProgress ?? (() => {});
  const ids = data.hospitals.map((h) => h.id);
  const testOf = (id: string) => ({
    x: data.test.x.filter((_, i) => data.test.hospital[i] === id),
    y: data.test.y.filter((_, i) => data.test.hospital[i] === id),
  });
  const perHospitalTest = new Map(ids.map((id) => [id, testOf(id)]));
  const scoreModel = (predict: (x: number[][]) => number[]) => ({
    overall: auroc(data.test.y, predict(data.test.x)),
    perHospital: Object.fromEntries(
      ids.map((id) => [id, auroc(perHospitalTest.get(id)!.y, predict(perHospitalTest.get(id)!.x))]),
    ),
  });

  log('fitting the centralised and local-only baselines');
  const pooled = { x: data.hospitals.flatMap((h) => h.train.x), y: data.hospitals.flatMap((h) => h.train.y) };
  const central = fitCentralized(
    pooled,
    fitFeatureScaling(data.reference.x),
    p.training?.l2 ?? DEFAULT_LOCAL_TRAINING.l2,
  );
  const centralScore = scoreModel((x) => predictFitted(central, x));
  const local = new Map(data.hospitals.map((h) => [h.id, fitLocalOnly(h.train, p.seed)]));
  const localAuroc = Object.fromEntries(
    ids.map((id) => {
      const t = perHospitalTest.get(id)!;
      return [id, auroc(t.y, predictFitted(local.get(id)!, t.x))];
    }),
  );

  const honestClients = data.hospitals.map((h) =>
    createLocalClient({ hospitalId: h.id, x: h.train.x, y: h.train.y }),
  );
  const runOne = (aggregator: AggregatorConfig, attack: AttackName | 'none', dp: boolean) =>
    runEvalFederation({ ...p, honestClients, scoreModel }, aggregator, attack, dp);

  const rows: FederatedEvalRow[] = [];
  let first: { model: FederatedModel; result: RunFederationReturnType; federationId: string } | undefined;
  let firstClean: Record<string, number> | undefined;
  for (const aggregator of p.aggregators) {
    log(`${aggregator.name}: clean federation`);
    const clean = await runOne(aggregator, 'none', Boolean(p.dp));
    firstClean ??= clean.score.perHospital;
    const nonPrivate = p.dp ? await runOne(aggregator, 'none', false) : undefined;
    const attacks =
      p.includeClean && !p.attacks.includes('none') ? (['none', ...p.attacks] as const) : p.attacks;
    for (const attack of attacks) {
      if (attack !== 'none') log(`${aggregator.name}: ${attack} from ${p.poisoned} hospital(s)`);
      const run = attack === 'none' ? clean : await runOne(aggregator, attack, Boolean(p.dp));
      first ??= { model: run.result.model, result: run.result, federationId: run.federationId };
      rows.push({
        aggregator: aggregator.name,
        attack,
        poisonedHospitals: run.poisoned,
        auroc: run.score.overall,
        cleanFederatedAuroc: clean.score.overall,
        federatedOnHospitalAuroc: meanFinite(ids.map((id) => run.score.perHospital[id]!)),
        poisonedExcludedAtRound: run.poisonedExcludedAtRound,
        exclusions: run.exclusions,
        epsilon: run.result.privacy?.epsilon ?? null,
        ...(nonPrivate ? { nonPrivateAuroc: nonPrivate.score.overall } : {}),
        modelDigest: run.result.digest,
        federationId: run.federationId,
        perHospitalAuroc: run.score.perHospital,
        finalTrust: Object.fromEntries(run.result.trust.map((t) => [t.hospitalId, t.trust])),
        ...(p.trace ? { trace: run.result.reports } : {}),
      });
    }
  }
  const perHospital = data.hospitals.map((h) => ({
    hospitalId: h.id,
    trainPatients: h.train.y.length,
    trainDeaths: h.train.y.filter((v) => v === 1).length,
    testPatients: perHospitalTest.get(h.id)!.y.length,
    testDeaths: perHospitalTest.get(h.id)!.y.filter((v) => v === 1).length,
    localOnlyAuroc: localAuroc[h.id]!,
    localOnlyL2: local.get(h.id)!.l2,
    centralizedAuroc: centralScore.perHospital[h.id]!,
    /** The first aggregator's clean federation on this hospital's test patients. */
    federatedAuroc: firstClean?.[h.id] ?? Number.NaN,
  }));
  return {
    patients: {
      reference: data.reference.y.length,
      train: pooled.y.length,
      test: data.test.y.length,
    },
    centralizedAuroc: centralScore.overall,
    localOnlyAuroc: meanFinite(ids.map((id) => localAuroc[id]!)),
    centralizedOnHospitalAuroc: meanFinite(ids.map((id) => centralScore.perHospital[id]!)),
    perHospital,
    rows,
    first,
  };
}

export type RunFederatedEvalReturnType = Awaited<ReturnType<typeof runFederatedEval>>;
