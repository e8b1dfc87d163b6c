import { createHash } from 'node:crypto';
import {
  type AggregatorConfig,
  type createLocalClient,
  DEFAULT_SERVER_MOMENTUM,
  type FederationClient,
  predictFederated,
  type RunFederationReturnType,
  runFederation,
} from '../../federation/index.ts';
import { type AttackName, createPoisonedClient } from './attacks.ts';
import type { RunFederatedEvalParameters } from './runFederatedEval.ts';

/** Short attack names for federation ids (ids are at most 31 characters). */
const ATTACK_CODES: Record<AttackName | 'none', string> = {
  none: 'clean',
  'sign-flip': 'sflip',
  'label-flip': 'lflip',
  scale: 'scale',
  'little-is-enough': 'lie',
};

/** The poisoned hospitals for a seed: the first `k` hospitals in an order fixed by the seed. */
export function choosePoisoned(ids: readonly string[], k: number, seed: number): string[] {
  const key = (id: string) => createHash('sha256').update(`${seed}:${id}`).digest('hex');
  return [...ids].sort((a, b) => key(a).localeCompare(key(b))).slice(0, k);
}

/** AUROC of a model on every test patient and on each hospital's own test patients. */
export type ModelScore = { overall: number; perHospital: Record<string, number> };

export type RunEvalFederationReturnType = {
  result: RunFederationReturnType;
  poisoned: string[];
  federationId: string;
  score: ModelScore;
  exclusions: { hospitalId: string; round: number; poisoned: boolean }[];
  poisonedExcludedAtRound: number | null;
};

/**
 * One federation of the evaluation: the hospitals' honest clients, the seed's poisoned ones replaced
 * by attackers, the configured rule (with or without DP), scored on the test patients.
 */
export async function runEvalFederation(
  p: RunFederatedEvalParameters & {
    honestClients: readonly ReturnType<typeof createLocalClient>[];
    scoreModel: (predict: (x: number[][]) => number[]) => ModelScore;
  },
  aggregator: AggregatorConfig,
  attack: AttackName | 'none',
  dp: boolean,
): Promise<RunEvalFederationReturnType> {
  const { data, honestClients } = p;
  const ids = data.hospitals.map((h) => h.id);
  const prefix = p.federationPrefix ?? 'fl';
  const poisoned = attack === 'none' ? [] : choosePoisoned(ids, p.poisoned, p.seed);
  const clients: FederationClient[] = data.hospitals.map((h, i) =>
    poisoned.includes(h.id)
      ? createPoisonedClient({
          attack: attack as AttackName,
          hospitalId: h.id,
          x: h.train.x,
          y: h.train.y,
          peers: honestClients.filter((_, j) => j !== i),
          options: p.attackOptions,
        })
      : honestClients[i]!,
  );
  const federationId = `${prefix}-${aggregator.name}-${ATTACK_CODES[attack]}${dp ? '-dp' : ''}`;
  const result: RunFederationReturnType = await runFederation({
    federationId,
    clients,
    reference: data.reference,
    spec: { ...p.spec, featureNames: data.featureNames },
    rounds: p.rounds,
    aggregator,
    ...(dp && p.dp ? { dp: { ...p.dp, seed: p.seed } } : {}),
    ...(p.training ? { training: p.training } : {}),
    serverMomentum: p.serverMomentum ?? (dp ? 0 : DEFAULT_SERVER_MOMENTUM),
    ...(p.ledger ? { ledger: p.ledger } : {}),
  });
  const score = p.scoreModel((x) => predictFederated(result.model, x));
  const exclusions = result.trust
    .filter((t) => t.excludedAtRound !== undefined)
    .map((t) => ({
      hospitalId: t.hospitalId,
      round: t.excludedAtRound!,
      poisoned: poisoned.includes(t.hospitalId),
    }));
  const poisonedRounds = poisoned.map((id) => exclusions.find((e) => e.hospitalId === id)?.round);
  return {
    result,
    poisoned,
    federationId,
    score,
    exclusions,
    poisonedExcludedAtRound:
      poisoned.length && poisonedRounds.every((r) => r !== undefined)
        ? Math.max(...(poisonedRounds as number[]))
        : null,
  };
}
