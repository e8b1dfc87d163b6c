import { createHash } from 'node:crypto';
import { canonicalize, type Hex } from '../identity/index.ts';
import type { ModelUpdate } from './types.ts';

/**
 * SHA-256 (0x-hex) of an update's RFC 8785 canonical JSON, bound to its federation: what the chain
 * records for each hospital's contribution (and what a remote hospital will sign).
 */
export function updateDigest(federationId: string, update: ModelUpdate): Hex {
  const body = {
    federationId,
    round: update.round,
    hospitalId: update.hospitalId,
    samples: update.samples,
    delta: Array.from(update.delta),
  };
  return `0x${createHash('sha256').update(canonicalize(body), 'utf8').digest('hex')}`;
}
