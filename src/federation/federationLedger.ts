import type { Hex } from '../identity/index.ts';

/** What the chain records for one round (hospitals in any order; the ledger sorts them). */
export type RoundRecord = {
  federationId: string;
  round: number;
  previousModelDigest: Hex;
  modelDigest: Hex;
  aggregator: string;
  /** SHA-256 of the aggregator's canonical parameters (and the local-training settings). */
  paramsDigest: Hex;
  contributions: { hospitalId: string; updateDigest: Hex; weight: number; trust: number }[];
};

/**
 * Where a federation's rounds and exclusions are recorded: `FederationRegistry` on the chain
 * (`createChainFederationLedger`), or memory for offline evaluations. Exclusion state is read from
 * here each round, so a reinstatement by the consortium admin takes effect at the next round.
 */
export type FederationLedger = {
  createFederation(p: { federationId: string; task: string; initialModelDigest: Hex }): Promise<void>;
  recordRound(record: RoundRecord): Promise<void>;
  excludeHospital(p: {
    federationId: string;
    hospitalId: string;
    round: number;
    reason: string;
  }): Promise<void>;
  /** Hospitals excluded from (or, later, suspended in) the federation. */
  excludedHospitals(federationId: string, hospitalIds: readonly string[]): Promise<Set<string>>;
};

/** A ledger kept in memory (offline evaluation); `records` and `exclusions` can be inspected. */
export function createMemoryFederationLedger() {
  const records: RoundRecord[] = [];
  const exclusions: { federationId: string; hospitalId: string; round: number; reason: string }[] = [];
  const excluded = new Set<string>();
  const key = (f: string, h: string) => `${f}\u0000${h}`;
  const ledger: FederationLedger & { records: RoundRecord[]; exclusions: typeof exclusions } = {
    records,
    exclusions,
    async createFederation() {},
    async recordRound(record) {
      records.push(record);
    },
    async excludeHospital(p) {
      exclusions.push(p);
      excluded.add(key(p.federationId, p.hospitalId));
    },
    async excludedHospitals(federationId, hospitalIds) {
      return new Set(hospitalIds.filter((h) => excluded.has(key(federationId, h))));
    },
  };
  return ledger;
}
