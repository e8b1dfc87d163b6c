import { checkUpdate } from './checkUpdate.ts';
import { UpdateRejectedError } from './errors.ts';
import type { FederationClient } from './roundTypes.ts';
import type { ModelUpdate } from './types.ts';

/**
 * Sorts a round's answers into accepted updates and refused ones (with their stable code): an update
 * must come from the hospital that was asked, and pass `checkUpdate`. One bad update never stops the round.
 */
export function acceptUpdates(
  answers: readonly { client: FederationClient; update: ModelUpdate }[],
  p: { dimension: number; round: number; excluded: ReadonlySet<string> },
): { accepted: ModelUpdate[]; refused: { hospitalId: string; code: string }[] } {
  const accepted: ModelUpdate[] = [];
  const refused: { hospitalId: string; code: string }[] = [];
  const seen = new Set<string>();
  for (const { client, update } of answers) {
    try {
      // A remote channel will authenticate the sender; in-process, the id must match the client asked.
      if (update?.hospitalId !== client.hospitalId) {
        throw new UpdateRejectedError('VIGIL_FL_HOSPITAL_INVALID', client.hospitalId);
      }
      checkUpdate(update, { ...p, seen });
      accepted.push(update);
      seen.add(update.hospitalId);
    } catch (error) {
      if (!(error instanceof UpdateRejectedError)) throw error;
      refused.push({ hospitalId: client.hospitalId, code: error.code });
    }
  }
  return { accepted, refused };
}
