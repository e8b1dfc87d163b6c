import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `src/ml`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared WUSTL-EHMS-2020 file, read beside the repository and never copied into it. */
export const DEFAULT_WUSTL_PATH = resolve(
  REPO_ROOT,
  '../shared/data/wustl-ehms-2020/wustl-ehms-2020-dev.csv.gz',
);

/** The committed attack-detector model file. */
export const DEFAULT_ATTACK_MODEL_PATH = resolve(REPO_ROOT, 'models/attack-detector.json');
