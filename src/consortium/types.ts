import type { Address } from 'viem';

/** Status of a hospital or a gateway in the consortium; `departed` is final. */
export type MemberStatus = 'active' | 'suspended' | 'departed';

const STATUSES = ['none', 'active', 'suspended', 'departed'] as const;

/** Names the numeric `MemberStatus` of the contract (0 = never admitted). */
export function memberStatus(value: number): MemberStatus | 'none' {
  return STATUSES[value] ?? 'none';
}

/** A gateway as `ConsortiumRegistry` records it. */
export type ConsortiumGateway = {
  gatewayId: string;
  orgId: string;
  account: Address;
  /** Base URL of its public API. */
  endpoint: string;
  /** 65-byte SEC1 uncompressed P-256 public key its requests to other gateways are signed with. */
  requestKey: Uint8Array;
  /** Counts from 1; peers accept signatures by the current version only. */
  keyVersion: number;
  status: MemberStatus;
  /** Active and in an active hospital: it holds `GATEWAY_ROLE` and may anchor, and peers may trust it. */
  active: boolean;
  /** Unix seconds. */
  addedAt: number;
  updatedAt: number;
};

/** A member hospital and its gateways. */
export type ConsortiumHospital = {
  orgId: string;
  status: MemberStatus;
  /** Unix seconds. */
  admittedAt: number;
  updatedAt: number;
  gateways: ConsortiumGateway[];
};

/** One home of a patient pseudonym: the hospital and since when (unix seconds and block). */
export type PatientHomeEntry = { orgId: string; since: number; sinceBlock: bigint };
