import { randomBytes } from 'node:crypto';
import type { TransactionReceipt } from 'viem';
import { type ChainContext, readContract, writeContract } from '../ledger/index.ts';
import { toBytes32Id } from './ids.ts';

export type RegisterDeviceParameters = {
  /** Defaults to `dev-` and 12 random hex digits. */
  deviceId?: string;
  orgId: string;
  kind: string;
  /** Patient pseudonym the device is attached to. */
  patient: string;
  /** SEC1 uncompressed P-256 public key (65 bytes). */
  publicKey: Uint8Array;
};

export type RegisterDeviceReturnType = { deviceId: string; receipt: TransactionReceipt };

/** Registers a device on `DeviceRegistry` (the signer must administer its organisation). */
export async function registerDevice(
  ctx: ChainContext,
  params: RegisterDeviceParameters,
): Promise<RegisterDeviceReturnType> {
  const deviceId = params.deviceId ?? `dev-${randomBytes(6).toString('hex')}`;
  const receipt = await writeContract(ctx, 'deviceRegistry', 'registerDevice', [
    toBytes32Id(deviceId),
    toBytes32Id(params.orgId),
    toBytes32Id(params.kind),
    toBytes32Id(params.patient),
    `0x${Buffer.from(params.publicKey).toString('hex')}`,
  ]);
  return { deviceId, receipt };
}

/** Revokes a device for good. */
export function revokeDevice(ctx: ChainContext, deviceId: string): Promise<TransactionReceipt> {
  return writeContract(ctx, 'deviceRegistry', 'revokeDevice', [toBytes32Id(deviceId)]);
}

/** Replaces a device's public key (the version goes up by one). */
export function rotateDeviceKey(
  ctx: ChainContext,
  deviceId: string,
  publicKey: Uint8Array,
): Promise<TransactionReceipt> {
  return writeContract(ctx, 'deviceRegistry', 'rotateDeviceKey', [
    toBytes32Id(deviceId),
    `0x${Buffer.from(publicKey).toString('hex')}`,
  ]);
}

/**
 * Admits an organisation to the consortium with the signer as its admin (which registers it in
 * `DeviceRegistry` too), unless it exists; returns whether it was new.
 */
export async function ensureOrganisation(ctx: ChainContext, orgId: string): Promise<boolean> {
  const id = toBytes32Id(orgId);
  if (await readContract(ctx, 'deviceRegistry', 'isOrganisation', [id])) return false;
  await writeContract(ctx, 'consortiumRegistry', 'admitHospital', [id, ctx.ledger.account.address]);
  return true;
}
