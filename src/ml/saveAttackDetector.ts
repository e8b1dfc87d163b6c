import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AttackDetectorModel } from './attackDetectorModel.ts';

/** The exact bytes of a model file (stable JSON, newline-terminated); its SHA-256 is the model's identity. */
export function serializeAttackDetector(model: AttackDetectorModel): Buffer {
  return Buffer.from(`${JSON.stringify(model)}\n`, 'utf8');
}

/** Writes a model file and returns the SHA-256 hex of its bytes. */
export async function saveAttackDetector(
  path: string,
  model: AttackDetectorModel,
): Promise<{ sha256: string }> {
  const bytes = serializeAttackDetector(model);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return { sha256: createHash('sha256').update(bytes).digest('hex') };
}
