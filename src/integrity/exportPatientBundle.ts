import type { Bundle, BundleEntry, Observation } from '@medplum/fhirtypes';
import type { Store } from '../store/index.ts';
import type { ProofService } from './getProofDocument.ts';
import type { ProofDocument } from './proofDocumentSchema.ts';

/** Extension on each Bundle entry holding the entry's inclusion-proof document (base64 JSON). */
export const PROOF_EXTENSION_URL = 'https://vigil.dev/fhir/StructureDefinition/inclusion-proof';
/** Media type of the attached proof document. */
export const PROOF_CONTENT_TYPE = 'application/vnd.vigil.inclusion-proof+json';

/** Parameters of {@link exportPatientBundle}. */
export type ExportPatientBundleParameters = {
  store: Pick<Store, 'listReadings'>;
  proofs: ProofService;
  patient: string;
  now?: () => number;
};

/** The Bundle and what was left out (readings not anchored yet, or erased). */
export type ExportPatientBundleReturnType = {
  bundle: Bundle;
  exported: number;
  skipped: { id: string; code: string }[];
};

/**
 * Writes a patient's anchored readings as a FHIR `Bundle` (type `collection`). Each entry's resource is
 * the Observation exactly as the device signed it; the entry carries an extension with the reading's
 * inclusion-proof document (which also holds the signed envelope: deviceId, seq, sig), so every entry
 * can be checked against the chain alone.
 */
export async function exportPatientBundle(
  p: ExportPatientBundleParameters,
): Promise<ExportPatientBundleReturnType> {
  const entry: BundleEntry[] = [];
  const skipped: { id: string; code: string }[] = [];
  let afterPos: number | undefined;
  for (;;) {
    const page = await p.store.listReadings({ patient: p.patient, limit: 1000, afterPos });
    for (const r of page) {
      try {
        const doc = await p.proofs.getProofDocument(r.id);
        entry.push(toEntry(r.id, doc));
      } catch (error) {
        skipped.push({ id: r.id, code: (error as { code?: string }).code ?? 'VIGIL_INTERNAL' });
      }
    }
    if (page.length < 1000) break;
    afterPos = page[page.length - 1]!.pos;
  }
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: new Date((p.now ?? Date.now)()).toISOString(),
    total: entry.length,
    entry,
  } as Bundle;
  return { bundle, exported: entry.length, skipped };
}

function toEntry(id: string, doc: ProofDocument): BundleEntry {
  return {
    fullUrl: `urn:vigil:reading:${id}`,
    resource: doc.reading.observation as Observation,
    extension: [
      {
        url: PROOF_EXTENSION_URL,
        valueAttachment: {
          contentType: PROOF_CONTENT_TYPE,
          data: Buffer.from(JSON.stringify(doc)).toString('base64'),
        },
      },
    ],
  } as BundleEntry;
}
