import { afterEach, describe, expect, it } from 'vitest';
import { toBytes32Id } from '../identity/ids.ts';
import { toHex32 } from '../integrity/hex.ts';
import { leafHash } from '../integrity/leafHash.ts';
import { readContract } from '../ledger/index.ts';
import { appendAudit, auditBatchEntries, auditLeafBytes } from './audit.ts';
import { listAuditBatches } from './auditBatches.ts';
import { type AccessHarness, openAccessHarness } from './testing/accessHarness.ts';
import { verifyAudit } from './verifyAudit.ts';

let h: AccessHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** 7 entries in 2 anchored batches (4 + 3). */
async function anchoredTrail() {
  h = await openAccessHarness();
  const entry = (i: number) => ({
    at: Date.UTC(2026, 0, 1) + i,
    actor: `user-${i % 3}`,
    role: 'clinician' as const,
    patient: `p-${i % 2}`,
    resource: 'Observation',
    action: 'search',
    outcome: i % 4 === 0 ? ('denied' as const) : ('allowed' as const),
    reason: 'test',
  });
  for (let i = 0; i < 4; i++) await appendAudit(h.access.db, entry(i));
  expect(await h.access.flushAudit()).toEqual({ sealed: 0, anchored: [0] });
  for (let i = 4; i < 7; i++) await appendAudit(h.access.db, entry(i));
  expect(await h.access.flushAudit()).toEqual({ sealed: 1, anchored: [1] });
  return h;
}

describe('audit batches on AuditLog', () => {
  it('anchors batches in sequence, chained by their previous root, and verifies them intact', async () => {
    const x = await anchoredTrail();
    const batches = await listAuditBatches(x.access.db, 'gw-access');
    expect(batches.map((b) => [b.seq, b.count])).toEqual([
      [0, 4],
      [1, 3],
    ]);
    expect(batches[1]!.prevRoot.equals(batches[0]!.root)).toBe(true);
    const onChain = await readContract(x.chain, 'auditLog', 'getAuditBatch', [toBytes32Id('gw-access'), 1n]);
    expect((onChain as { root: string }).root).toBe(toHex32(batches[1]!.root));
    const r = await verifyAudit(x.access.db, x.chain, 'gw-access');
    expect(r).toMatchObject({
      ok: true,
      batches: { checked: 2, anchored: 2, bad: [] },
      entries: { checked: 7 },
    });
    expect(await x.access.flushAudit()).toEqual({ sealed: null, anchored: [] });
  });

  it('names the batch and entry of a modified audit row', async () => {
    const x = await anchoredTrail();
    const [, second] = await auditBatchEntries(x.access.db, 'gw-access', 1);
    await x.access.db.run(
      "UPDATE audit_events SET outcome = 'allowed', reason = 'nothing to see' WHERE id = ?",
      [second!.id],
    );
    const r = await verifyAudit(x.access.db, x.chain, 'gw-access');
    expect(r.ok).toBe(false);
    expect(r.batches.bad).toEqual([1]);
    expect(r.issues).toContainEqual(
      expect.objectContaining({ seq: 1, kind: 'entry-modified', entryId: second!.id }),
    );
    expect(r.issues).toContainEqual(expect.objectContaining({ seq: 1, kind: 'root-mismatch' }));
  });

  it('catches a row rewritten together with its leaf hash, and a deleted row', async () => {
    const x = await anchoredTrail();
    const [first] = await auditBatchEntries(x.access.db, 'gw-access', 0);
    // Recomputing the stored leaf hash hides the row from the per-entry check, not from the anchored root.
    const forged = { ...first!, actor: 'someone-else' };
    await x.access.db.run('UPDATE audit_events SET actor = ?, leaf_hash = ? WHERE id = ?', [
      forged.actor,
      leafHash(auditLeafBytes(forged)),
      first!.id,
    ]);
    const [, , last] = await auditBatchEntries(x.access.db, 'gw-access', 1);
    await x.access.db.run('DELETE FROM audit_events WHERE id = ?', [last!.id]);
    const r = await verifyAudit(x.access.db, x.chain, 'gw-access');
    expect(r.batches.bad).toEqual([0, 1]);
    expect(r.issues).toContainEqual(expect.objectContaining({ seq: 0, kind: 'root-mismatch' }));
    expect(r.issues).toContainEqual(expect.objectContaining({ seq: 1, kind: 'count-mismatch' }));
  });

  it('reports a batch anchored on chain but deleted from the store', async () => {
    const x = await anchoredTrail();
    await x.access.db.run('DELETE FROM audit_batches WHERE seq = 1');
    const r = await verifyAudit(x.access.db, x.chain, 'gw-access');
    expect(r.issues).toContainEqual(expect.objectContaining({ seq: 1, kind: 'batch-missing' }));
  });
});
