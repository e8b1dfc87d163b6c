import { describe, expect, it } from 'vitest';
import { type BatchRow, diagnoseBatch } from './diagnoseBatch.ts';
import { hashLeaves } from './hashLeaves.ts';
import { merkleRoot } from './merkleRoot.ts';

/** A batch of n anchored rows whose stored content is still intact. */
function batch(n: number) {
  const leaves = hashLeaves(Array.from({ length: n }, (_, i) => `reading-${i}`));
  const rows: BatchRow[] = leaves.map((h, i) => ({
    id: `r${i}`,
    batchIndex: i,
    recordedLeafHash: h,
    recomputedLeafHash: h,
  }));
  return { anchored: { root: merkleRoot(leaves), count: n }, rows };
}
const forged = (tag: string) => hashLeaves([tag])[0]!;

describe('diagnoseBatch', () => {
  it('passes an untouched batch', () => {
    const r = diagnoseBatch(batch(9));
    expect(r).toEqual({
      status: 'intact',
      contentMatchesAnchor: true,
      recordedMatchesAnchor: true,
      complete: true,
      shredded: 0,
      findings: [],
    });
  });

  it('names a reading whose payload was modified', () => {
    const b = batch(9);
    b.rows[4] = { ...b.rows[4]!, recomputedLeafHash: forged('x') };
    const r = diagnoseBatch(b);
    expect(r.status).toBe('tampered');
    expect(r.complete).toBe(true);
    expect(r.findings).toEqual([expect.objectContaining({ kind: 'modified', batchIndex: 4, id: 'r4' })]);
  });

  it('names readings whose payloads were swapped between rows as reordered', () => {
    const b = batch(6);
    const a = b.rows[1]!.recomputedLeafHash;
    b.rows[1] = { ...b.rows[1]!, recomputedLeafHash: b.rows[2]!.recomputedLeafHash };
    b.rows[2] = { ...b.rows[2]!, recomputedLeafHash: a };
    const r = diagnoseBatch(b);
    expect(r.status).toBe('tampered');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ kind: 'reordered' });
  });

  it('verifies crypto-shredded rows through their recorded leaf hash', () => {
    const b = batch(5);
    b.rows[0] = { ...b.rows[0]!, recomputedLeafHash: null };
    b.rows[3] = { ...b.rows[3]!, recomputedLeafHash: null };
    const r = diagnoseBatch(b);
    expect(r).toMatchObject({ status: 'intact', shredded: 2, findings: [] });
  });

  it('reports an altered leaf_hash column without blaming the reading', () => {
    const b = batch(5);
    b.rows[2] = { ...b.rows[2]!, recordedLeafHash: forged('col') };
    const r = diagnoseBatch(b);
    expect(r.status).toBe('intact');
    expect(r.recordedMatchesAnchor).toBe(false);
    expect(r.findings).toEqual([{ kind: 'leaf-hash-altered', batchIndex: 2, id: 'r2' }]);
  });

  it('names a deleted row by its position and marks the result incomplete', () => {
    const b = batch(7);
    b.rows.splice(3, 1);
    const r = diagnoseBatch(b);
    expect(r.status).toBe('tampered');
    expect(r.complete).toBe(false);
    expect(r.recordedMatchesAnchor).toBeNull();
    expect(r.findings).toEqual([{ kind: 'deleted', batchIndex: 3 }]);
  });

  it('names rows that do not belong to the anchored batch', () => {
    const b = batch(4);
    const h = forged('extra');
    b.rows.push({ id: 'x', batchIndex: 4, recordedLeafHash: h, recomputedLeafHash: h });
    b.rows.push({ id: 'y', batchIndex: 1, recordedLeafHash: h, recomputedLeafHash: h });
    const r = diagnoseBatch(b);
    expect(r.status).toBe('tampered');
    expect(r.findings).toEqual(
      expect.arrayContaining([
        { kind: 'inserted', batchIndex: 4, id: 'x' },
        { kind: 'inserted', batchIndex: 1, id: 'y' },
      ]),
    );
  });

  it('gives hints only when payload and leaf_hash column were both rewritten', () => {
    const b = batch(6);
    const h = forged('both');
    b.rows[1] = { ...b.rows[1]!, recordedLeafHash: h, recomputedLeafHash: h }; // consistent rewrite
    b.rows[4] = { ...b.rows[4]!, recordedLeafHash: forged('c4') }; // column only, content intact
    const r = diagnoseBatch(b);
    expect(r).toMatchObject({
      status: 'tampered',
      contentMatchesAnchor: false,
      recordedMatchesAnchor: false,
    });
    expect(r.complete).toBe(false);
    // Row 1 is not nameable from hashes alone (signatures must decide); row 4 disagrees with itself.
    expect(r.findings).toEqual([{ kind: 'suspect', batchIndex: 4, id: 'r4' }]);
  });
});
