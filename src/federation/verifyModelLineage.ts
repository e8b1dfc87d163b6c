import { type Hex, hexToString } from 'viem';
import { fromBytes32Id } from '../identity/index.ts';
import { type ChainContext, ContractRevertError, getContractEvents, readContract } from '../ledger/index.ts';
import { federatedModelDigest } from './model/federatedModel.ts';
import type { FederatedModelFile } from './model/modelFile.ts';

/** One recorded round of a model's lineage, as the chain has it. */
export type LineageRound = {
  round: number;
  blockNumber: string;
  modelDigest: Hex;
  previousModelDigest: Hex;
  aggregator: string;
  paramsDigest: Hex;
  hospitals: { hospitalId: string; updateDigest: Hex; weight: number; trust: number }[];
};

export type VerifyModelLineageReturnType = {
  valid: boolean;
  /** Why it is not valid (stable code), absent when valid. */
  code?:
    | 'VIGIL_FL_MODEL_NOT_ON_CHAIN'
    | 'VIGIL_FL_LINEAGE_MISMATCH'
    | 'VIGIL_FL_LINEAGE_BROKEN'
    | 'VIGIL_FL_HOSPITAL_UNKNOWN';
  message?: string;
  modelDigest: Hex;
  federationId?: string;
  round?: number;
  coordinator?: string;
  task?: string;
  initialModelDigest?: Hex;
  rounds: LineageRound[];
  /** Every hospital that contributed an update to any round of the lineage. */
  hospitals: string[];
  /** Contributing hospitals that are not registered organisations on `DeviceRegistry`. */
  unregistered: string[];
  exclusions: { hospitalId: string; round: number; reason: string; blockNumber: string }[];
  reinstatements: { hospitalId: string; reason: string; blockNumber: string }[];
};

const idOf = (hex: Hex) => {
  try {
    return fromBytes32Id(hex);
  } catch {
    return hex;
  }
};
const label = (hex: Hex) => hexToString(hex, { size: 32 }).replace(/\0+$/, '');

/**
 * Proves a federated model file's lineage from the chain alone: its digest must be a recorded global
 * model; every round from the federation's initial model to it is read back from `FederationRegistry`
 * events and checked link by link (each round names the previous round's model); the federation and
 * round the model names must be where the chain has it; every contributor must be a registered organisation.
 */
export async function verifyModelLineage(
  ctx: ChainContext,
  file: FederatedModelFile,
): Promise<VerifyModelLineageReturnType> {
  const modelDigest = federatedModelDigest(file.model);
  const out: VerifyModelLineageReturnType = {
    valid: false,
    modelDigest,
    rounds: [],
    hospitals: [],
    unregistered: [],
    exclusions: [],
    reinstatements: [],
  };
  let ref: { federationId: Hex; round: number };
  try {
    ref = await readContract(ctx, 'federationRegistry', 'findModel', [modelDigest]);
  } catch (error) {
    if (error instanceof ContractRevertError && error.errorName === 'FederationRegistryUnknownModel') {
      return {
        ...out,
        code: 'VIGIL_FL_MODEL_NOT_ON_CHAIN',
        message: `no federation round recorded model ${modelDigest}`,
      };
    }
    throw error;
  }
  const federation = await readContract(ctx, 'federationRegistry', 'getFederation', [ref.federationId]);
  Object.assign(out, {
    federationId: idOf(ref.federationId),
    round: ref.round,
    coordinator: federation.coordinator,
    task: label(federation.task),
    initialModelDigest: federation.initialModelDigest,
  });
  const args = { federationId: ref.federationId };
  const [recorded, contributions, excluded, reinstated] = await Promise.all([
    getContractEvents(ctx, 'federationRegistry', 'RoundRecorded', { args }),
    getContractEvents(ctx, 'federationRegistry', 'RoundContributions', { args }),
    getContractEvents(ctx, 'federationRegistry', 'HospitalExcluded', { args }),
    getContractEvents(ctx, 'federationRegistry', 'HospitalReinstated', { args }),
  ]);
  let previous = federation.initialModelDigest;
  for (let r = 1; r <= ref.round; r++) {
    const e = recorded.find((x) => x.args.round === r);
    const c = contributions.find((x) => x.args.round === r);
    if (!e || !c || e.args.previousModelDigest !== previous) {
      return {
        ...out,
        code: 'VIGIL_FL_LINEAGE_BROKEN',
        message: `round ${r} is missing or does not follow round ${r - 1}`,
      };
    }
    out.rounds.push({
      round: r,
      blockNumber: String(e.blockNumber),
      modelDigest: e.args.modelDigest!,
      previousModelDigest: e.args.previousModelDigest!,
      aggregator: label(e.args.aggregator!),
      paramsDigest: e.args.paramsDigest!,
      hospitals: c.args.hospitals!.map((h, i) => ({
        hospitalId: idOf(h),
        updateDigest: c.args.updateDigests![i]!,
        weight: c.args.weightsBp![i]! / 10_000,
        trust: c.args.trustBp![i]! / 10_000,
      })),
    });
    previous = e.args.modelDigest!;
  }
  if (previous !== modelDigest) {
    return { ...out, code: 'VIGIL_FL_LINEAGE_BROKEN', message: `round ${ref.round} recorded another model` };
  }
  const lastBlock = BigInt(out.rounds.at(-1)?.blockNumber ?? '0');
  out.exclusions = excluded
    .filter((x) => x.args.round! <= ref.round)
    .map((x) => ({
      hospitalId: idOf(x.args.orgId!),
      round: x.args.round!,
      reason: x.args.reason!,
      blockNumber: String(x.blockNumber),
    }));
  out.reinstatements = reinstated
    .filter((x) => x.blockNumber <= lastBlock)
    .map((x) => ({
      hospitalId: idOf(x.args.orgId!),
      reason: x.args.reason!,
      blockNumber: String(x.blockNumber),
    }));
  const orgIds = [
    ...new Set(contributions.filter((c) => c.args.round! <= ref.round).flatMap((c) => c.args.hospitals!)),
  ];
  out.hospitals = orgIds.map(idOf).sort();
  const registered = await Promise.all(
    orgIds.map((o) => readContract(ctx, 'deviceRegistry', 'isOrganisation', [o])),
  );
  out.unregistered = orgIds
    .filter((_, i) => !registered[i])
    .map(idOf)
    .sort();
  const claim = file.model.federation;
  if (claim.id !== out.federationId || claim.round !== ref.round) {
    return {
      ...out,
      code: 'VIGIL_FL_LINEAGE_MISMATCH',
      message: `the model names round ${claim.round} of ${claim.id}; the chain recorded it as round ${ref.round} of ${out.federationId}`,
    };
  }
  if (out.unregistered.length) {
    return {
      ...out,
      code: 'VIGIL_FL_HOSPITAL_UNKNOWN',
      message: `not registered organisations: ${out.unregistered.join(', ')}`,
    };
  }
  return { ...out, valid: true };
}
