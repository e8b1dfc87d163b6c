import type { RawReadingRow } from './openStoreFile.ts';

/**
 * Names the metadata columns of a row that disagree with its decrypted canonical payload (device id,
 * seq, patient, LOINC code, effective time). Works on the canonical text with string searches: JCS
 * fixes member order (`deviceId`, `observation`, `seq`, `sig`, `v`), so no JSON parse is needed.
 */
export function checkRowMetadata(row: RawReadingRow, canonical: Buffer): string[] {
  const text = canonical.toString('utf8');
  const bad: string[] = [];
  if (!text.startsWith(`{"deviceId":${JSON.stringify(row.deviceId)},`)) bad.push('device_id');
  const seqAt = text.lastIndexOf(',"seq":');
  const sigAt = text.indexOf(',"sig":', seqAt);
  if (seqAt < 0 || sigAt < 0 || text.slice(seqAt + 7, sigAt) !== String(row.seq)) bad.push('seq');
  if (!text.includes(`"reference":${JSON.stringify(`Patient/${row.patient}`)}`)) bad.push('patient');
  if (!text.includes(`"code":${JSON.stringify(row.code)}`)) bad.push('code');
  const effAt = text.indexOf('"effectiveDateTime":"');
  const effEnd = effAt < 0 ? -1 : text.indexOf('"', effAt + 21);
  if (effEnd < 0 || Date.parse(text.slice(effAt + 21, effEnd)) !== row.effectiveAt) bad.push('effective_at');
  return bad;
}
