import { readFileSync, writeFileSync } from 'node:fs';
import { PHYSIONET_CITATION } from '../../clinical/index.ts';
import type { Hex } from '../../identity/index.ts';
import { FederatedModelError } from '../errors.ts';
import { FEDERATED_MODEL_FORMAT, type FederatedModel, federatedModelDigest } from './federatedModel.ts';

/**
 * A federated model file: the global model of one round (no patient rows; it names its federation
 * and round inside the digested content) and, for reading convenience, its digest. `vigil verify
 * model FILE` recomputes the digest and checks the lineage against the chain; the file is not trusted.
 */
export type FederatedModelFile = {
  model: FederatedModel;
  modelDigest: Hex;
  citation: string;
  licence: string;
};

/** Writes a federated model file and returns its model digest. */
export function saveFederatedModelFile(path: string, model: FederatedModel): Hex {
  const modelDigest = federatedModelDigest(model);
  const file: FederatedModelFile = {
    model,
    modelDigest,
    citation: PHYSIONET_CITATION,
    licence:
      'Model parameters derived from PhysioNet 2012 (ODC-By 1.0); no patient rows are included. Apache-2.0.',
  };
  writeFileSync(path, `${JSON.stringify(file)}\n`);
  return modelDigest;
}

/** Reads and checks the shape of a federated model file (not its lineage: see `verifyModelLineage`). */
export function readFederatedModelFile(path: string): FederatedModelFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new FederatedModelError(`${path} is not a readable JSON model file`, { cause });
  }
  const m = (parsed as Partial<FederatedModelFile> | null)?.model;
  const ok =
    m?.format === FEDERATED_MODEL_FORMAT &&
    m.version === 1 &&
    typeof m.federation?.id === 'string' &&
    Number.isInteger(m.federation.round) &&
    Array.isArray(m.params) &&
    m.params.every(Number.isFinite) &&
    Array.isArray(m.featureNames) &&
    Array.isArray(m.scaling?.mean) &&
    Array.isArray(m.scaling?.indicators) &&
    m.params.length === m.scaling.mean.length + m.scaling.indicators.length + 1;
  if (!ok)
    throw new FederatedModelError(
      `${path} is not a Vigil federated model file (${FEDERATED_MODEL_FORMAT} v1)`,
    );
  return parsed as FederatedModelFile;
}
