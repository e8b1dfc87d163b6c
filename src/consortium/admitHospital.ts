import type { Address, TransactionReceipt } from 'viem';
import { toBytes32Id } from '../identity/index.ts';
import { type ChainContext, writeContract } from '../ledger/index.ts';
import { checkAccount } from './checkInput.ts';

export type AdmitHospitalParameters = {
  orgId: string;
  /** First admin of the hospital's organisation (default: the signer). */
  admin?: string;
};

export type AdmitHospitalReturnType = { orgId: string; admin: Address; receipt: TransactionReceipt };

/**
 * Admits hospital `orgId` to the consortium (consortium admin only); its organisation is registered in
 * `DeviceRegistry` in the same transaction, with `admin` as its admin.
 */
export async function admitHospital(
  ctx: ChainContext,
  params: AdmitHospitalParameters,
): Promise<AdmitHospitalReturnType> {
  const admin = params.admin === undefined ? ctx.ledger.account.address : checkAccount(params.admin);
  const receipt = await writeContract(ctx, 'consortiumRegistry', 'admitHospital', [
    toBytes32Id(params.orgId),
    admin,
  ]);
  return { orgId: params.orgId, admin, receipt };
}
