import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hex } from 'viem';

/** File name of this gateway's request-signing key (PKCS#8 PEM, mode 0600) in the chain folder. */
export const GATEWAY_REQUEST_KEY_FILE = 'gateway-request.key';

/** This gateway's request-signing key: where it lives and its public half as registered on chain. */
export type GatewayRequestKey = {
  file: string;
  /** 65-byte SEC1 uncompressed P-256 point (0x04 ‖ X ‖ Y), hex: the form `ConsortiumRegistry` stores. */
  publicKey: Hex;
};

/** The SEC1 uncompressed form of a P-256 key's public point. */
function publicPoint(key: KeyObject): Hex {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('the gateway request key is not a P-256 key');
  const x = Buffer.from(jwk.x, 'base64url').toString('hex').padStart(64, '0');
  const y = Buffer.from(jwk.y, 'base64url').toString('hex').padStart(64, '0');
  return `0x04${x}${y}`;
}

function writeNewKey(file: string): GatewayRequestKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // 'wx': never overwrite a key someone else just wrote; chmod: the mode above is masked by umask.
  writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { file, publicKey: publicPoint(privateKey) };
}

const currentFile = (chainDir: string) => join(chainDir, GATEWAY_REQUEST_KEY_FILE);
const stagedFile = (chainDir: string) => join(chainDir, `${GATEWAY_REQUEST_KEY_FILE}.next`);

/**
 * Reads the request-signing key of the chain folder `chainDir` (or, with `staged`, the replacement
 * staged by {@link stageGatewayRequestKey}); undefined when there is none.
 */
export function readGatewayRequestKey(
  chainDir: string,
  options: { staged?: boolean } = {},
): GatewayRequestKey | undefined {
  const file = options.staged ? stagedFile(chainDir) : currentFile(chainDir);
  if (!existsSync(file)) return undefined;
  return { file, publicKey: publicPoint(createPrivateKey(readFileSync(file, 'utf8'))) };
}

/** Reads the request-signing key of `chainDir`, generating it (P-256, mode 0600) when missing. */
export function loadOrCreateGatewayRequestKey(chainDir: string): GatewayRequestKey {
  return readGatewayRequestKey(chainDir) ?? writeNewKey(currentFile(chainDir));
}

/**
 * Generates a replacement request-signing key beside the current one (replacing an earlier staged key).
 * The current key stays in use until {@link commitGatewayRequestKey}, called once the chain has it, so a
 * rotation that fails on chain leaves nothing half-done on disk.
 */
export function stageGatewayRequestKey(chainDir: string): GatewayRequestKey {
  rmSync(stagedFile(chainDir), { force: true });
  return writeNewKey(stagedFile(chainDir));
}

/** Puts the staged request-signing key in place of the current one. */
export function commitGatewayRequestKey(chainDir: string): void {
  renameSync(stagedFile(chainDir), currentFile(chainDir));
}
