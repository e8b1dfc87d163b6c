import { type Hex, stringToHex } from 'viem';
import { toBytes32Id } from '../identity/index.ts';
import { type ChainContext, readContract, writeContract } from '../ledger/index.ts';
import type { FederationLedger } from './federationLedger.ts';

const BP = 10_000;
const bp = (x: number) => Math.max(0, Math.min(BP, Math.round(x * BP)));

/** A short label (aggregator, task) as bytes32: its UTF-8 bytes, right-padded (at most 32 bytes). */
export function labelToBytes32(label: string): Hex {
  return stringToHex(label, { size: 32 });
}

/**
 * Records a federation on `FederationRegistry`: hospitals and federations by their organisation ids
 * (bytes32, as `DeviceRegistry` encodes them), hospitals sorted ascending as the contract requires,
 * weights and trust in basis points. Reverts surface as `VIGIL_CHAIN_FEDERATION_REGISTRY_*` errors.
 */
export function createChainFederationLedger(ctx: ChainContext): FederationLedger {
  return {
    async createFederation(p) {
      await writeContract(ctx, 'federationRegistry', 'createFederation', [
        toBytes32Id(p.federationId),
        labelToBytes32(p.task),
        p.initialModelDigest,
      ]);
    },
    async recordRound(r) {
      const rows = r.contributions
        .map((c) => ({ ...c, id: toBytes32Id(c.hospitalId) }))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      await writeContract(ctx, 'federationRegistry', 'recordRound', [
        toBytes32Id(r.federationId),
        {
          round: r.round,
          previousModelDigest: r.previousModelDigest,
          modelDigest: r.modelDigest,
          aggregator: labelToBytes32(r.aggregator),
          paramsDigest: r.paramsDigest,
          hospitals: rows.map((c) => c.id),
          updateDigests: rows.map((c) => c.updateDigest),
          weightsBp: rows.map((c) => bp(c.weight)),
          trustBp: rows.map((c) => bp(c.trust)),
        },
      ]);
    },
    async excludeHospital(p) {
      await writeContract(ctx, 'federationRegistry', 'excludeHospital', [
        toBytes32Id(p.federationId),
        toBytes32Id(p.hospitalId),
        p.round,
        p.reason.slice(0, 256),
      ]);
    },
    async excludedHospitals(federationId, hospitalIds) {
      const fed = toBytes32Id(federationId);
      const flags = await Promise.all(
        hospitalIds.map((h) => readContract(ctx, 'federationRegistry', 'isExcluded', [fed, toBytes32Id(h)])),
      );
      return new Set(hospitalIds.filter((_, i) => flags[i]));
    },
  };
}
