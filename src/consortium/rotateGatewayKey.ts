import type { TransactionReceipt } from 'viem';
import { importPublicKeySec1, toBytes32Id } from '../identity/index.ts';
import {
  type ChainContext,
  commitGatewayRequestKey,
  readGatewayRequestKey,
  stageGatewayRequestKey,
  writeContract,
} from '../ledger/index.ts';
import { NotAGatewayError } from './errors.ts';
import { getGateway } from './getGateway.ts';
import { fromHexBytes, toHexBytes } from './hexBytes.ts';
import { ownGatewayId } from './ownGatewayId.ts';

export type RotateGatewayKeyParameters = {
  gatewayId: string;
  /** The new public key (generated elsewhere); absent: generate the pair in this data directory. */
  requestKey?: Uint8Array;
};

export type RotateGatewayKeyReturnType = {
  gatewayId: string;
  keyVersion: number;
  requestKey: Uint8Array;
  /** Where the new private key is (generated here), mode 0600. */
  keyFile?: string;
  /** The chain already had the key staged by an interrupted rotation; it was only put in place. */
  recovered: boolean;
  receipt?: TransactionReceipt;
};

/**
 * Replaces the request-signing key of gateway `gatewayId`. Without `requestKey` the pair is generated
 * in this data directory, which must be the gateway's own (the signer operates it): the new private key
 * is staged, registered on chain, and only then put in place of the old one, so a failed or interrupted
 * rotation never leaves the gateway signing with a key the chain does not know.
 */
export async function rotateGatewayKey(
  ctx: ChainContext,
  params: RotateGatewayKeyParameters,
): Promise<RotateGatewayKeyReturnType> {
  const id = toBytes32Id(params.gatewayId);
  if (params.requestKey) {
    importPublicKeySec1(params.requestKey);
    const receipt = await writeContract(ctx, 'consortiumRegistry', 'rotateGatewayKey', [
      id,
      toHexBytes(params.requestKey),
    ]);
    const after = await getGateway(ctx, params.gatewayId);
    return {
      gatewayId: params.gatewayId,
      keyVersion: after.keyVersion,
      requestKey: after.requestKey,
      recovered: false,
      receipt,
    };
  }
  if ((await ownGatewayId(ctx)) !== params.gatewayId) {
    throw new NotAGatewayError(
      `this data directory's account does not operate gateway ${params.gatewayId}: generate its key on that gateway, or give the new public key`,
    );
  }
  const chainDir = ctx.ledger.chainDir;
  const current = await getGateway(ctx, params.gatewayId);
  const staged = readGatewayRequestKey(chainDir, { staged: true });
  if (staged && staged.publicKey === toHexBytes(current.requestKey)) {
    // A rotation was registered on chain but the process stopped before putting the key in place.
    commitGatewayRequestKey(chainDir);
    return { ...result(params.gatewayId, current.keyVersion, staged), recovered: true };
  }
  const next = stageGatewayRequestKey(chainDir);
  const receipt = await writeContract(ctx, 'consortiumRegistry', 'rotateGatewayKey', [id, next.publicKey]);
  commitGatewayRequestKey(chainDir);
  const after = await getGateway(ctx, params.gatewayId);
  return {
    ...result(params.gatewayId, after.keyVersion, readGatewayRequestKey(chainDir)!),
    recovered: false,
    receipt,
  };
}

function result(gatewayId: string, keyVersion: number, key: { file: string; publicKey: string }) {
  return { gatewayId, keyVersion, requestKey: fromHexBytes(key.publicKey), keyFile: key.file };
}
