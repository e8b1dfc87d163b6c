import { isValidId } from '../identity/index.ts';
import { UpdateRejectedError } from './errors.ts';
import type { AggregationInput, ModelUpdate } from './types.ts';

export type CheckUpdateParameters = Omit<AggregationInput, 'updates'> & {
  /** Hospitals whose update this round was already accepted. */
  seen?: ReadonlySet<string>;
};

/**
 * Refuses one adversarial or broken update with a stable code: an invalid or excluded hospital, a
 * duplicate, the wrong round, the wrong number of parameters, NaN or ±Infinity, a bad sample count.
 */
export function checkUpdate(update: ModelUpdate, params: CheckUpdateParameters): void {
  const id = String(update.hospitalId);
  if (!isValidId(update.hospitalId)) throw new UpdateRejectedError('VIGIL_FL_HOSPITAL_INVALID', id);
  if (params.excluded?.has(id)) throw new UpdateRejectedError('VIGIL_FL_HOSPITAL_EXCLUDED', id);
  if (params.seen?.has(id)) throw new UpdateRejectedError('VIGIL_FL_UPDATE_DUPLICATE', id);
  if (params.round !== undefined && update.round !== params.round) {
    throw new UpdateRejectedError('VIGIL_FL_UPDATE_WRONG_ROUND', id, {
      details: { expected: params.round, got: update.round },
    });
  }
  if (!(update.delta instanceof Float64Array) || update.delta.length !== params.dimension) {
    throw new UpdateRejectedError('VIGIL_FL_UPDATE_SHAPE_MISMATCH', id, {
      details: {
        expected: params.dimension,
        got: (update.delta as { length?: unknown } | undefined)?.length ?? null,
      },
    });
  }
  for (let j = 0; j < update.delta.length; j++) {
    if (!Number.isFinite(update.delta[j]!)) {
      throw new UpdateRejectedError('VIGIL_FL_UPDATE_NOT_FINITE', id, { details: { index: j } });
    }
  }
  if (!Number.isSafeInteger(update.samples) || update.samples <= 0) {
    throw new UpdateRejectedError('VIGIL_FL_UPDATE_SAMPLES_INVALID', id);
  }
}

/** Checks every update of a round (see `checkUpdate`): aggregators call this before anything else. */
export function checkUpdates(input: AggregationInput): void {
  const seen = new Set<string>();
  for (const update of input.updates) {
    checkUpdate(update, { ...input, seen });
    seen.add(update.hospitalId);
  }
}
