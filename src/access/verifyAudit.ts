import { toBytes32Id } from '../identity/ids.ts';
import { toHex32 } from '../integrity/hex.ts';
import { leafHash } from '../integrity/leafHash.ts';
import { merkleRoot } from '../integrity/merkleRoot.ts';
import { ZERO_ROOT } from '../integrity/zeroRoot.ts';
import { type ChainContext, readContract } from '../ledger/index.ts';
import { auditBatchEntries, auditLeafBytes } from './audit.ts';
import { listAuditBatches, readChainAuditBatch } from './auditBatches.ts';
import type { AccessDb } from './types.ts';

/** One finding of {@link verifyAudit}. */
export type AuditIssue = {
  seq: number;
  kind:
    | 'entry-modified'
    | 'count-mismatch'
    | 'root-mismatch'
    | 'prev-root-mismatch'
    | 'batch-missing'
    | 'not-on-chain';
  entryId?: number;
  detail: string;
};

export type VerifyAuditReturnType = {
  ok: boolean;
  gatewayId: string;
  batches: { checked: number; anchored: number; pending: number; bad: number[] };
  entries: { checked: number; unbatched: number };
  issues: AuditIssue[];
};

/**
 * Re-derives every audit batch from the audit table (each entry's leaf from its fields, then the RFC 6962
 * root) and compares it with AuditLog on chain: a modified, deleted or inserted entry, a rewritten batch or a
 * batch missing from the store is reported with its batch sequence (and entry id where it can be named).
 */
export async function verifyAudit(
  db: AccessDb,
  chain: ChainContext,
  gatewayId: string,
): Promise<VerifyAuditReturnType> {
  const issues: AuditIssue[] = [];
  const batches = await listAuditBatches(db, gatewayId);
  let entriesChecked = 0;
  let anchored = 0;
  let prevRoot: string = ZERO_ROOT;
  for (const b of batches) {
    const entries = await auditBatchEntries(db, gatewayId, b.seq);
    entriesChecked += entries.length;
    const leaves = entries.map((e) => leafHash(auditLeafBytes(e)));
    entries.forEach((e, i) => {
      if (!leaves[i]!.equals(e.leafHash) || e.batchIndex !== i) {
        issues.push({
          seq: b.seq,
          kind: 'entry-modified',
          entryId: e.id,
          detail: 'entry fields do not match its leaf',
        });
      }
    });
    const root = toHex32(merkleRoot(leaves));
    const onChain = await readChainAuditBatch(chain, gatewayId, b.seq);
    if (!onChain) {
      if (b.anchorTx !== null)
        issues.push({ seq: b.seq, kind: 'not-on-chain', detail: 'marked anchored but absent on chain' });
      prevRoot = toHex32(b.root);
      continue;
    }
    anchored++;
    if (onChain.count !== entries.length) {
      issues.push({
        seq: b.seq,
        kind: 'count-mismatch',
        detail: `chain counts ${onChain.count} entries, the store has ${entries.length}`,
      });
    }
    if (onChain.root !== root) {
      issues.push({
        seq: b.seq,
        kind: 'root-mismatch',
        detail: `re-derived root ${root} differs from chain ${onChain.root}`,
      });
    }
    if (onChain.prevRoot !== prevRoot) {
      issues.push({
        seq: b.seq,
        kind: 'prev-root-mismatch',
        detail: 'batch does not follow the previous batch',
      });
    }
    prevRoot = onChain.root;
  }
  const next = Number(await readContract(chain, 'auditLog', 'nextSequence', [toBytes32Id(gatewayId)]));
  const known = new Set(batches.map((b) => b.seq));
  for (let seq = 0; seq < next; seq++) {
    if (!known.has(seq))
      issues.push({ seq, kind: 'batch-missing', detail: 'anchored on chain but absent from the store' });
  }
  const [unbatched] = await db.rows('SELECT COUNT(*) FROM audit_events WHERE batch_seq IS NULL');
  const bad = [...new Set(issues.map((i) => i.seq))].sort((a, b) => a - b);
  return {
    ok: issues.length === 0,
    gatewayId,
    batches: { checked: batches.length, anchored, pending: batches.length - anchored, bad },
    entries: { checked: entriesChecked, unbatched: Number(unbatched?.[0] ?? 0) },
    issues,
  };
}
