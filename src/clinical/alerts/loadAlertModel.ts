import { fileURLToPath } from 'node:url';
import { type DeteriorationModel, loadDeteriorationModel } from '../deterioration/loadDeteriorationModel.ts';

/** The committed vitals-only 24 h deterioration model used for live risk. */
export const ALERT_MODEL_PATH = fileURLToPath(
  new URL('../../../models/deterioration-vitals-24h.json', import.meta.url),
);

/**
 * Loads the live-risk model (`VIGIL_ALERT_MODEL`, else the committed vitals-only model). A missing or
 * broken model is reported and alerts run without risk rather than stopping the gateway.
 */
export async function loadAlertModel(
  onError: (error: unknown) => void,
  path: string = process.env.VIGIL_ALERT_MODEL ?? ALERT_MODEL_PATH,
): Promise<DeteriorationModel | undefined> {
  if (process.env.VIGIL_ALERT_MODEL === 'off') return undefined;
  try {
    return await loadDeteriorationModel(path);
  } catch (error) {
    onError(error);
    return undefined;
  }
}
