import { readFileSync, writeFileSync } from 'node:fs';
import { PHYSIONET_CITATION } from '../../clinical/index.ts';
import type { Hex } from '../../identity/index.ts';
import { FederatedModelError } from '../errors.ts';
import { FEDERATED_MODEL_FORMAT, type FederatedModel, federatedModelDigest } from './federatedModel.ts';

/**
 * A federated model file: the global model of one round (no patient rows), the digest the chain
 * recorded for it and where to find that record. `vigil verify model FILE` checks all of it against
 * the chain; nothing in `lineage` is trusted without that check.
 */
export type FederatedModelFile = {
  model: FederatedModel;
  lineage: { federationId: string; round: number; modelDigest: Hex };
  citation: string;
  licence: string;
};

/** Writes a federated model file and returns its model digest. */
export function saveFederatedModelFile(
  path: string,
  model: FederatedModel,
  lineage: { federationId: string; round: number },
): Hex {
  const modelDigest = federatedModelDigest(model);
  const file: FederatedModelFile = {
    model,
    lineage: { ...lineage, modelDigest },
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
  const file = parsed as Partial<FederatedModelFile> | null;
  const m = file?.model;
  if (
    !m ||
    m.format !== FEDERATED_MODEL_FORMAT ||
    m.version !== 1 ||
    !Array.isArray(m.params) ||
    !m.params.every(Number.isFinite) ||
    !m.scaling ||
    !Array.isArray(m.featureNames) ||
    m.params.length !== m.scaling.mean.length + m.scaling.indicators.length + 1
  ) {
    throw new FederatedModelError(
      `${path} is not a Vigil federated model file (${FEDERATED_MODEL_FORMAT} v1)`,
    );
  }
  const l = file.lineage;
  if (!l || typeof l.federationId !== 'string' || !Number.isInteger(l.round)) {
    throw new FederatedModelError(`${path} has no lineage (federation id and round)`);
  }
  return file as FederatedModelFile;
}
