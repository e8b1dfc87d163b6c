import type { Address, Chain, PublicClient, Transport } from 'viem';
import { canonicalize } from '../identity/index.ts';
import { PROOF_CONTENT_TYPE, PROOF_EXTENSION_URL } from './exportPatientBundle.ts';
import { verifyProofOnChain } from './verifyProofOnChain.ts';

/** One entry's verdict. */
export type ExportEntryResult = {
  index: number;
  fullUrl: string | null;
  valid: boolean;
  code?: string;
  message?: string;
};

/** Outcome of {@link verifyExportBundle}. */
export type VerifyExportBundleReturnType = {
  valid: boolean;
  entries: number;
  invalid: ExportEntryResult[];
  /** Per-device seq gaps between exported readings: readings that may have been left out (not proof of it). */
  seqGaps: { deviceId: string; after: number; next: number }[];
  code?: string;
};

/**
 * Checks a verifiable export: a FHIR Bundle `collection` whose every entry holds its inclusion proof.
 * Each entry's resource must equal the proof's signed observation and the proof must verify on chain;
 * entries of different patients, or the same reading twice, are refused. Seq gaps per device are listed.
 */
export async function verifyExportBundle(p: {
  client: PublicClient<Transport, Chain | undefined>;
  bundle: unknown;
  expectedContract?: Address;
}): Promise<VerifyExportBundleReturnType> {
  const b = p.bundle as { resourceType?: string; type?: string; entry?: unknown[] };
  if (b?.resourceType !== 'Bundle' || b.type !== 'collection' || !Array.isArray(b.entry)) {
    return { valid: false, entries: 0, invalid: [], seqGaps: [], code: 'VIGIL_EXPORT_MALFORMED' };
  }
  const invalid: ExportEntryResult[] = [];
  const seen = new Set<string>();
  const seqs = new Map<string, number[]>();
  let patient: string | undefined;
  for (const [index, raw] of b.entry.entries()) {
    const e = raw as {
      fullUrl?: string;
      resource?: unknown;
      extension?: { url?: string; valueAttachment?: { contentType?: string; data?: string } }[];
    };
    const fullUrl = e.fullUrl ?? null;
    const bad = (code: string, message: string) =>
      invalid.push({ index, fullUrl, valid: false, code, message });
    const ext = e.extension?.find((x) => x.url === PROOF_EXTENSION_URL);
    if (!ext?.valueAttachment?.data || ext.valueAttachment.contentType !== PROOF_CONTENT_TYPE) {
      bad('VIGIL_EXPORT_PROOF_MISSING', 'entry has no inclusion-proof extension');
      continue;
    }
    const text = Buffer.from(ext.valueAttachment.data, 'base64').toString('utf8');
    const result = await verifyProofOnChain({
      client: p.client,
      document: text,
      expectedContract: p.expectedContract,
    });
    if (!result.valid) {
      bad(result.code, result.message);
      continue;
    }
    const doc = result.document;
    let same = false;
    try {
      same = canonicalize(e.resource) === canonicalize(doc.reading.observation);
    } catch {
      same = false;
    }
    if (!same) {
      bad('VIGIL_EXPORT_ENTRY_ALTERED', 'the entry resource differs from the signed, anchored observation');
      continue;
    }
    const subject = (doc.reading.observation as { subject?: { reference?: string } }).subject?.reference;
    patient ??= subject;
    if (subject !== patient) {
      bad('VIGIL_EXPORT_MIXED_PATIENTS', 'entry belongs to another patient');
      continue;
    }
    const key = `${doc.reading.deviceId}\u0000${doc.reading.seq}`;
    if (seen.has(key)) {
      bad('VIGIL_EXPORT_DUPLICATE_ENTRY', 'the same reading appears twice');
      continue;
    }
    seen.add(key);
    const list = seqs.get(doc.reading.deviceId) ?? [];
    list.push(doc.reading.seq);
    seqs.set(doc.reading.deviceId, list);
  }
  const seqGaps: VerifyExportBundleReturnType['seqGaps'] = [];
  for (const [deviceId, list] of seqs) {
    list.sort((a, c) => a - c);
    for (let i = 1; i < list.length; i++) {
      if (list[i]! !== list[i - 1]! + 1) seqGaps.push({ deviceId, after: list[i - 1]!, next: list[i]! });
    }
  }
  return { valid: invalid.length === 0 && b.entry.length > 0, entries: b.entry.length, invalid, seqGaps };
}
