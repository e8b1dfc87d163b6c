import type { Hex } from '../identity/index.ts';
import type { AggregatorConfig } from './aggregatorConfig.ts';
import type { FederationLedger } from './federationLedger.ts';
import type { HospitalTrust, HospitalTrustParameters } from './hospitalTrust.ts';
import type { FederatedModel } from './model/federatedModel.ts';
import type { ScaledData } from './model/logisticObjective.ts';
import type { LocalTraining } from './model/trainLocalLogistic.ts';
import type { DifferentialPrivacy } from './privacy/aggregatePrivately.ts';
import type { UpdateScore } from './scoreUpdates.ts';
import type { ModelUpdate } from './types.ts';

/** What a hospital is asked to do in a round. */
export type RoundTask = {
  federationId: string;
  round: number;
  /** The global model to start from (its digest is on chain as the previous round's model). */
  model: FederatedModel;
  modelDigest: Hex;
  training: LocalTraining;
};

/**
 * A hospital taking part in a federation: in this process (`createLocalClient`) today, a remote
 * gateway over the signed gateway channel once the consortium issue lands. It returns an update, never rows.
 */
export type FederationClient = {
  readonly hospitalId: string;
  train(task: RoundTask): Promise<ModelUpdate>;
};

/** The coordinator's state between rounds (plain data). */
export type FederationState = {
  federationId: string;
  /** Last completed round (0 before the first). */
  round: number;
  model: FederatedModel;
  digest: Hex;
  /** Server momentum (FedAvgM). */
  momentum: Float64Array;
  trust: Map<string, HospitalTrust>;
};

export type RoundSettings = {
  aggregator: AggregatorConfig;
  training: LocalTraining;
  /** Nesterov momentum of the server step (0 = plain FedAvg step). */
  serverMomentum: number;
  trust: HospitalTrustParameters;
  /** Fewest accepted updates a round needs. */
  quorum: number;
  /** A hospital that has not answered by then is left out of the round. */
  roundTimeoutMs?: number;
  dp?: DifferentialPrivacy;
  /** The coordinator's own reference patients, scaled (scoring and calibration). */
  reference: ScaledData;
  paramsDigest: Hex;
  ledger: FederationLedger;
};

export type RoundReport = {
  round: number;
  modelDigest: Hex;
  previousModelDigest: Hex;
  /** Hospitals whose update was accepted (weight may still be 0). */
  participants: string[];
  refused: { hospitalId: string; code: string }[];
  /** Asked but did not answer in time (or failed). */
  dropped: string[];
  weights: Record<string, number>;
  trust: Record<string, number>;
  scores: UpdateScore[];
  excludedNow: string[];
  referenceLoss: number;
};
