import { keccak256, toHex } from 'viem';
import { fromBytes32Id, toBytes32Id } from '../identity/ids.ts';
import { type ChainContext, getContractEvents, readContract, writeContract } from '../ledger/index.ts';
import { CONSENT_SCOPES, type ConsentScope } from './types.ts';

/** One consent as the chain's events describe it. */
export type ConsentRecord = {
  /** Stable id for the API: base64url of `patient|grantee|scope`. */
  id: string;
  patient: string;
  grantee: string;
  scope: ConsentScope;
  /** Unix ms. */
  expiresAt: number;
  revoked: boolean;
  block: number;
  /** Time of the block that recorded this grant or revocation (ms), when known. */
  at?: number;
  /** The grant's time, kept on a revocation (set by the consent cache). */
  grantedAt?: number;
};

export type ConsentKey = { patient: string; grantee: string; scope: ConsentScope };

/** Consent on the chain: writes, request-time checks and the event history. */
export type ConsentChain = {
  grant(c: ConsentKey & { expiresAt: number }): Promise<{ tx: string; block: number }>;
  revoke(c: ConsentKey): Promise<{ tx: string; block: number }>;
  /** Live right now in chain state (granted, unexpired, unrevoked). */
  hasConsent(c: ConsentKey): Promise<boolean>;
  /** Every ConsentGranted/ConsentRevoked from `fromBlock` on, in chain order. */
  events(fromBlock: bigint): Promise<{ records: ConsentRecord[]; toBlock: bigint }>;
};

/** Scopes are bytes32 keccak256 of their name (names hold ':' which ids may not). */
export const scopeId = (scope: ConsentScope) => keccak256(toHex(scope));
const SCOPE_BY_ID = new Map(CONSENT_SCOPES.map((s) => [scopeId(s), s]));

/** The API id of a consent. */
export const consentId = (c: ConsentKey) =>
  Buffer.from(`${c.patient}|${c.grantee}|${c.scope}`).toString('base64url');

/** Decodes an API consent id; null when malformed. */
export function parseConsentId(id: string): ConsentKey | null {
  const parts = Buffer.from(id, 'base64url').toString('utf8').split('|');
  if (parts.length !== 3 || !(CONSENT_SCOPES as readonly string[]).includes(parts[2]!)) return null;
  return { patient: parts[0]!, grantee: parts[1]!, scope: parts[2] as ConsentScope };
}

const args = (c: ConsentKey) => [toBytes32Id(c.patient), toBytes32Id(c.grantee), scopeId(c.scope)] as const;

/** ConsentRegistry through the ledger client (the gateway holds GATEWAY_ROLE and acts for its patients). */
export function createLedgerConsent(chain: ChainContext): ConsentChain {
  const blockTimes = new Map<bigint, number>();
  const blockTime = async (blockNumber: bigint) => {
    let t = blockTimes.get(blockNumber);
    if (t === undefined) {
      t = Number((await chain.ledger.publicClient.getBlock({ blockNumber })).timestamp) * 1000;
      blockTimes.set(blockNumber, t);
    }
    return t;
  };
  return {
    async grant(c) {
      const r = await writeContract(chain, 'consentRegistry', 'grant', [
        ...args(c),
        BigInt(Math.floor(c.expiresAt / 1000)),
      ]);
      return { tx: r.transactionHash, block: Number(r.blockNumber) };
    },
    async revoke(c) {
      const r = await writeContract(chain, 'consentRegistry', 'revoke', [...args(c)]);
      return { tx: r.transactionHash, block: Number(r.blockNumber) };
    },
    hasConsent: (c) => readContract(chain, 'consentRegistry', 'hasConsent', [...args(c)]),
    async events(fromBlock) {
      const toBlock = await chain.ledger.publicClient.getBlockNumber();
      if (fromBlock > toBlock) return { records: [], toBlock };
      const range = { fromBlock, toBlock };
      const [granted, revoked] = await Promise.all([
        getContractEvents(chain, 'consentRegistry', 'ConsentGranted', range),
        getContractEvents(chain, 'consentRegistry', 'ConsentRevoked', range),
      ]);
      const all = [...granted, ...revoked].sort(
        (a, b) => Number(a.blockNumber - b.blockNumber) || (a.logIndex ?? 0) - (b.logIndex ?? 0),
      );
      const records: ConsentRecord[] = [];
      for (const e of all) {
        const a = e.args as {
          patient: `0x${string}`;
          grantee: `0x${string}`;
          scope: `0x${string}`;
          expiresAt?: bigint;
        };
        const scope = SCOPE_BY_ID.get(a.scope);
        if (!scope) continue;
        const key = { patient: fromBytes32Id(a.patient), grantee: fromBytes32Id(a.grantee), scope };
        records.push({
          ...key,
          id: consentId(key),
          expiresAt: a.expiresAt === undefined ? 0 : Number(a.expiresAt) * 1000,
          revoked: e.eventName === 'ConsentRevoked',
          block: Number(e.blockNumber),
          at: await blockTime(e.blockNumber),
        });
      }
      return { records, toBlock };
    },
  };
}
