import type { ExplanationItem } from './reputation/types.ts';

/**
 * The short, PHI-free on-chain reason of a quarantine, e.g. `trust 0.31 < 0.40: signature failures,
 * replays` (at most 256 bytes: the contract's limit).
 */
export function formatQuarantineReason(
  trust: number,
  threshold: number,
  items: readonly ExplanationItem[],
): string {
  const causes = items
    .filter((i) => i.polarity === 'negative' && i.effect < 0)
    .slice(0, 3)
    .map((i) => i.label);
  const text = `trust ${trust.toFixed(3)} < ${threshold.toFixed(2)}: ${causes.length ? causes.join(', ') : 'negative evidence'}`;
  return Buffer.byteLength(text) <= 256 ? text : `${Buffer.from(text).subarray(0, 253).toString('utf8')}...`;
}
