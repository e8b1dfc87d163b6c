import { toHex } from 'viem';
import type { ChainContext } from './deployment.ts';
import { readContract } from './readContract.ts';
import { writeContract } from './writeContract.ts';

export type AnchorModelDigestReturnType = {
  name: string;
  digest: `0x${string}`;
  version: number;
  registered: boolean;
};

/**
 * Makes sure the SHA-256 `digest` of a model file is recorded on `ModelRegistry` under `name`
 * (registering it as the next version if the chain has not seen it), and returns its version.
 */
export async function anchorModelDigest(
  ctx: ChainContext,
  name: string,
  sha256Hex: string,
): Promise<AnchorModelDigestReturnType> {
  const digest = `0x${sha256Hex.replace(/^0x/, '').toLowerCase()}` as `0x${string}`;
  const nameId = toHex(name, { size: 32 });
  const latest = await readContract(ctx, 'modelRegistry', 'latestDigest', [nameId]);
  let registered = false;
  if (latest !== digest) {
    const known = await readContract(ctx, 'modelRegistry', 'getModel', [digest]).catch(() => undefined);
    if (!known) {
      await writeContract(ctx, 'modelRegistry', 'registerModel', [nameId, digest]);
      registered = true;
    }
  }
  const model = await readContract(ctx, 'modelRegistry', 'getModel', [digest]);
  return { name, digest, version: model.version, registered };
}
