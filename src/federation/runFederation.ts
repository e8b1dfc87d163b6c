import { createHash, randomBytes } from 'node:crypto';
import type { FeatureSet } from '../clinical/index.ts';
import { canonicalize, type Hex } from '../identity/index.ts';
import type { AggregatorConfig } from './aggregatorConfig.ts';
import { FederationConfigError } from './errors.ts';
import { createMemoryFederationLedger, type FederationLedger } from './federationLedger.ts';
import { DEFAULT_HOSPITAL_TRUST, type HospitalTrust, type HospitalTrustParameters } from './hospitalTrust.ts';
import { buildRoundModel } from './model/buildRoundModel.ts';
import { fitFeatureScaling, scaledWidth, scaleRow } from './model/featureScaling.ts';
import { FEDERATED_MODEL_FORMAT, type FederatedModel, federatedModelDigest } from './model/federatedModel.ts';
import { DEFAULT_LOCAL_TRAINING, type LocalTraining } from './model/trainLocalLogistic.ts';
import { DP_AGGREGATORS } from './privacy/aggregatePrivately.ts';
import { createGaussianSource } from './privacy/gaussianSource.ts';
import { principalBasis } from './privacy/principalBasis.ts';
import { epsilonAfter, noiseMultiplierFor } from './privacy/rdpAccountant.ts';
import type { FederationClient, FederationState, RoundReport } from './roundTypes.ts';
import { runRound } from './runRound.ts';

/** Client-level DP settings: the target ε at δ over the whole run decides the noise. */
export type PrivacySettings = {
  epsilon: number;
  delta: number;
  /** L2 clip norm of every update. */
  clip: number;
  /** Probability each eligible hospital takes part in a round. */
  sampleRate: number;
  /**
   * Project updates on the intercept and the k − 1 leading principal directions of the coordinator's
   * reference patients before clipping and noise (default: no projection).
   */
  subspace?: number;
  /** Offline evaluation only: reproducible noise and sampling (see `createGaussianSource`). */
  seed?: number;
};

export type RunFederationParameters = {
  federationId: string;
  clients: readonly FederationClient[];
  /** The coordinator's own reference patients (raw features): scaling, scoring, calibration. */
  reference: { x: readonly (readonly number[])[]; y: readonly number[] };
  spec: { hours: number; featureSet: FeatureSet; featureNames: string[] };
  rounds: number;
  aggregator: AggregatorConfig;
  training?: Partial<Omit<LocalTraining, 'proximalMu'>>;
  /** Nesterov momentum of the server step (default 0.8, FedAvgM; 0 with DP). */
  serverMomentum?: number;
  trust?: HospitalTrustParameters;
  dp?: PrivacySettings;
  ledger?: FederationLedger;
  quorum?: number;
  roundTimeoutMs?: number;
  onRound?: (report: RoundReport) => void;
};

export type RunFederationReturnType = {
  model: FederatedModel;
  digest: Hex;
  initialDigest: Hex;
  paramsDigest: Hex;
  reports: RoundReport[];
  trust: HospitalTrust[];
  privacy?: { epsilon: number; delta: number; noiseMultiplier: number; clip: number; sampleRate: number };
};

export const DEFAULT_SERVER_MOMENTUM = 0.8;

/** A uniform [0, 1) source: seeded (evaluation) or from the CSPRNG. */
function uniformSource(seed?: number): () => number {
  if (seed === undefined) return () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48;
  let s = (seed ^ 0x5bd1e995) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** The DP basis: the intercept's unit vector, then k − 1 principal directions of the weights. */
function dpBasis(reference: readonly Float64Array[], k: number): Float64Array[] {
  const width = (reference[0]?.length ?? 0) + 1;
  const intercept = new Float64Array(width);
  intercept[width - 1] = 1;
  const padded = principalBasis(reference, k - 1).map((b) => {
    const v = new Float64Array(width);
    v.set(b);
    return v;
  });
  return [intercept, ...padded];
}

/**
 * Runs a federation for `rounds` rounds from a zero model: the coordinator fixes the scaling on its
 * reference patients, records the federation and every round on the ledger, and returns the final
 * (calibrated) global model, every round's report, each hospital's trust and, with DP, the ε spent.
 */
export async function runFederation(p: RunFederationParameters): Promise<RunFederationReturnType> {
  if (!Number.isInteger(p.rounds) || p.rounds < 1)
    throw new FederationConfigError('rounds must be an integer ≥ 1');
  if (p.dp && !DP_AGGREGATORS.includes(p.aggregator.name)) {
    throw new FederationConfigError(
      `differential privacy needs ${DP_AGGREGATORS.join(' or ')}: ${p.aggregator.name}'s output has no bounded sensitivity`,
    );
  }
  const ledger = p.ledger ?? createMemoryFederationLedger();
  const trustParams = p.trust ?? DEFAULT_HOSPITAL_TRUST;
  const training: LocalTraining = {
    ...DEFAULT_LOCAL_TRAINING,
    ...p.training,
    proximalMu: p.aggregator.proximalMu ?? 0,
  };
  // Momentum multiplies DP noise as much as the signal: off by default under DP.
  const serverMomentum = p.serverMomentum ?? (p.dp ? 0 : DEFAULT_SERVER_MOMENTUM);
  const scaling = fitFeatureScaling(p.reference.x);
  const reference = { x: p.reference.x.map((r) => scaleRow(scaling, r)), y: p.reference.y };
  const template: FederatedModel = {
    format: FEDERATED_MODEL_FORMAT,
    version: 1,
    family: 'logistic',
    task: 'in-hospital death from the first hours of an ICU stay',
    hours: p.spec.hours,
    featureSet: p.spec.featureSet,
    featureNames: p.spec.featureNames,
    federation: { id: p.federationId, round: 0 },
    scaling,
    params: [],
    calibration: { method: 'platt', a: 1, b: 0 },
  };
  const width = scaledWidth(scaling) + 1;
  const initial = buildRoundModel(template, new Float64Array(width), reference, 0);
  const initialDigest = federatedModelDigest(initial);
  const dp = p.dp
    ? {
        ...p.dp,
        noiseMultiplier: noiseMultiplierFor({ ...p.dp, steps: p.rounds }),
      }
    : undefined;
  const settingsForDigest = {
    aggregator: p.aggregator,
    training,
    serverMomentum,
    trust: trustParams,
    ...(dp
      ? {
          dp: {
            delta: dp.delta,
            clip: dp.clip,
            sampleRate: dp.sampleRate,
            noiseMultiplier: dp.noiseMultiplier,
          },
        }
      : {}),
  };
  const paramsDigest: Hex = `0x${createHash('sha256').update(canonicalize(settingsForDigest)).digest('hex')}`;
  await ledger.createFederation({
    federationId: p.federationId,
    task: `deterioration-${p.spec.hours}h-${p.spec.featureSet}`,
    initialModelDigest: initialDigest,
  });
  let state: FederationState = {
    federationId: p.federationId,
    round: 0,
    model: initial,
    digest: initialDigest,
    momentum: new Float64Array(width),
    trust: new Map(),
  };
  const privacy = dp
    ? {
        noiseMultiplier: dp.noiseMultiplier,
        clip: dp.clip,
        sampleRate: dp.sampleRate,
        gaussian: createGaussianSource(dp.seed),
        random: uniformSource(dp.seed),
        ...(dp.subspace ? { basis: dpBasis(reference.x, dp.subspace) } : {}),
      }
    : undefined;
  const reports: RoundReport[] = [];
  for (let r = 0; r < p.rounds; r++) {
    const next = await runRound(state, p.clients, {
      aggregator: p.aggregator,
      training,
      serverMomentum,
      trust: trustParams,
      quorum: p.quorum ?? (p.dp ? 0 : 1),
      ...(p.roundTimeoutMs !== undefined ? { roundTimeoutMs: p.roundTimeoutMs } : {}),
      ...(privacy ? { dp: privacy } : {}),
      reference,
      paramsDigest,
      ledger,
    });
    state = next.state;
    reports.push(next.report);
    p.onRound?.(next.report);
  }
  return {
    model: state.model,
    digest: state.digest,
    initialDigest,
    paramsDigest,
    reports,
    trust: [...state.trust.values()],
    ...(dp
      ? {
          privacy: {
            epsilon: epsilonAfter(dp.sampleRate, dp.noiseMultiplier, p.rounds, dp.delta),
            delta: dp.delta,
            noiseMultiplier: dp.noiseMultiplier,
            clip: dp.clip,
            sampleRate: dp.sampleRate,
          },
        }
      : {}),
  };
}
