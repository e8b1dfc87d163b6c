import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from '../../errors/index.ts';
import { besuNetworkFiles } from './besuNetworkFiles.ts';
import { type BesuNetworkPlan, type PlanBesuNetworkParameters, planBesuNetwork } from './planBesuNetwork.ts';

export type WriteBesuConfigParameters = PlanBesuNetworkParameters & { outDir: string };

export type WriteBesuConfigReturnType = {
  outDir: string;
  plan: BesuNetworkPlan;
  /** Paths written, relative to `outDir`; `secret` ones (private keys) have mode 0600. */
  files: { path: string; secret: boolean }[];
};

/**
 * Writes the Besu QBFT set-up of the consortium into `outDir` (which must be new or empty): the input of
 * `besu operator generate-blockchain-config`, each validator's configuration file, the node and account
 * allowlists for local permissioning, and, where they were generated, private keys with mode 0600.
 */
export function writeBesuConfig(params: WriteBesuConfigParameters): WriteBesuConfigReturnType {
  const outDir = resolve(params.outDir);
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    throw new InvalidArgumentError(`${outDir} is not empty: refusing to overwrite a network's files`);
  }
  const plan = planBesuNetwork(params);
  const files = besuNetworkFiles(plan);
  mkdirSync(outDir, { recursive: true });
  for (const file of files) {
    const path = join(outDir, file.path);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, file.content, { mode: file.secret ? 0o600 : 0o644, flag: 'wx' });
    // The mode above is masked by umask; a private key must end up readable by its owner only.
    if (file.secret) chmodSync(path, 0o600);
  }
  return { outDir, plan, files: files.map((f) => ({ path: f.path, secret: Boolean(f.secret) })) };
}
