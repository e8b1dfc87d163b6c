import { acceptUpdates } from './acceptUpdates.ts';
import { aggregate } from './aggregatorConfig.ts';
import { collectUpdates } from './collectUpdates.ts';
import { QuorumError } from './errors.ts';
import { newHospitalTrust, reinstateHospitalTrust } from './hospitalTrust.ts';
import { buildRoundModel } from './model/buildRoundModel.ts';
import { federatedModelDigest } from './model/federatedModel.ts';
import { meanLogLoss } from './model/logisticObjective.ts';
import { aggregatePrivately } from './privacy/aggregatePrivately.ts';
import type {
  FederationClient,
  FederationState,
  RoundReport,
  RoundSettings,
  RoundTask,
} from './roundTypes.ts';
import type { AggregationResult } from './types.ts';
import { updateDigest } from './updateDigest.ts';
import { weighHospitals } from './weighHospitals.ts';

/**
 * Runs one round: reads exclusions from the ledger (an admin's reinstatement takes effect here), asks
 * every eligible hospital (with DP, a random sample) for its update, refuses bad ones, scores the rest
 * into each hospital's reputation (the trust rule also excludes), aggregates (with DP: clipped, noised),
 * takes the server step, calibrates the new global model and records the round. Returns the new state.
 */
export async function runRound(
  state: FederationState,
  clients: readonly FederationClient[],
  settings: RoundSettings,
): Promise<{ state: FederationState; report: RoundReport }> {
  const round = state.round + 1;
  const ids = clients.map((c) => c.hospitalId);
  let trust = new Map(state.trust);
  for (const id of ids) if (!trust.has(id)) trust.set(id, newHospitalTrust(id, settings.trust));
  const onLedger = await settings.ledger.excludedHospitals(state.federationId, ids);
  for (const [id, record] of trust) {
    if (record.excluded && !onLedger.has(id)) trust.set(id, reinstateHospitalTrust(record, settings.trust));
  }
  const excluded = new Set([
    ...onLedger,
    ...[...trust.values()].filter((t) => t.excluded).map((t) => t.hospitalId),
  ]);
  const eligible = clients.filter((c) => !excluded.has(c.hospitalId));
  const dp = settings.dp;
  const asked = dp ? eligible.filter(() => dp.random() < dp.sampleRate) : eligible;
  const task: RoundTask = {
    federationId: state.federationId,
    round,
    model: state.model,
    modelDigest: state.digest,
    training: settings.training,
  };
  const { answers, dropped } = await collectUpdates(asked, task, settings.roundTimeoutMs);
  const dimension = state.model.params.length;
  const { accepted, refused } = acceptUpdates(answers, { dimension, round, excluded });
  if (accepted.length < settings.quorum) {
    throw new QuorumError(`round ${round}: ${accepted.length} updates accepted, quorum ${settings.quorum}`, {
      details: { round, accepted: accepted.length, quorum: settings.quorum, dropped, refused },
    });
  }

  const global = Float64Array.from(state.model.params);
  let scores: RoundReport['scores'] = [];
  let excludedNow: string[] = [];
  let result: AggregationResult;
  if (dp) {
    // No trust scoring under DP: a score of a raw update would be a release the accountant does not cover.
    result = aggregatePrivately(accepted, {
      dimension,
      federationSize: clients.length,
      dp,
      aggregator: settings.aggregator,
    });
  } else {
    const weighed = weighHospitals({
      round,
      global,
      accepted,
      refused,
      reference: settings.reference,
      trust,
      params: settings.trust,
      exclude: settings.aggregator.name === 'trust',
    });
    ({ trust, scores, excludedNow } = weighed);
    result = weighed.kept.length
      ? aggregate(
          settings.aggregator,
          { updates: weighed.kept, dimension, round },
          new Map([...trust].map(([id, t]) => [id, t.trust])),
        )
      : { delta: new Float64Array(dimension), weights: new Map() };
  }

  // FedAvgM: Nesterov momentum on the aggregated change.
  const beta = settings.serverMomentum;
  const momentum = state.momentum.map((m, j) => beta * m + result.delta[j]!);
  const params = global.map((w, j) => w + beta * momentum[j]! + result.delta[j]!);
  const model = buildRoundModel(state.model, params, settings.reference, round);
  const digest = federatedModelDigest(model);
  await settings.ledger.recordRound({
    federationId: state.federationId,
    round,
    previousModelDigest: state.digest,
    modelDigest: digest,
    aggregator: settings.aggregator.name,
    paramsDigest: settings.paramsDigest,
    contributions: accepted.map((u) => ({
      hospitalId: u.hospitalId,
      updateDigest: updateDigest(state.federationId, u),
      weight: result.weights.get(u.hospitalId) ?? 0,
      trust: dp ? 0 : trust.get(u.hospitalId)!.trust,
    })),
  });
  for (const id of excludedNow) {
    await settings.ledger.excludeHospital({
      federationId: state.federationId,
      hospitalId: id,
      round,
      reason: `trust ${trust.get(id)!.trust.toFixed(3)} < ${settings.trust.excludeBelow} after round ${round}`,
    });
  }
  return {
    state: { federationId: state.federationId, round, model, digest, momentum, trust },
    report: {
      round,
      modelDigest: digest,
      previousModelDigest: state.digest,
      participants: accepted.map((u) => u.hospitalId),
      refused,
      dropped,
      weights: Object.fromEntries(result.weights),
      trust: Object.fromEntries([...trust].map(([id, t]) => [id, t.trust])),
      scores,
      excludedNow,
      referenceLoss: meanLogLoss(params, settings.reference),
    },
  };
}
