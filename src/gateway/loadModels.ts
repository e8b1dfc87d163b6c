import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type AnchorModelDigestReturnType, anchorModelDigest, type ChainContext } from '../ledger/index.ts';
import { type AttackDetector, loadAttackDetector } from '../ml/index.ts';
import { REPO_ROOT } from '../ml/paths.ts';

/** The model files every gateway loads, by the name their digests are anchored under. */
export const MODEL_FILES = {
  'attack-detector': resolve(REPO_ROOT, 'models/attack-detector.json'),
  'deterioration-vitals-24h': resolve(REPO_ROOT, 'models/deterioration-vitals-24h.json'),
} as const;

export type LoadedModels = {
  attackDetector: AttackDetector;
  /** Each model file's SHA-256 as anchored on `ModelRegistry`, with its version there. */
  anchored: AnchorModelDigestReturnType[];
};

/**
 * Loads the ML model files and anchors each file's SHA-256 on `ModelRegistry` (a changed file is
 * registered as the next version), so every score can be traced to the exact model on chain.
 */
export async function loadModels(chain: ChainContext): Promise<LoadedModels> {
  const anchored: AnchorModelDigestReturnType[] = [];
  for (const [name, path] of Object.entries(MODEL_FILES)) {
    const digest = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
    anchored.push(await anchorModelDigest(chain, name, digest));
  }
  const attackDetector = await loadAttackDetector(MODEL_FILES['attack-detector']);
  return { attackDetector, anchored };
}
