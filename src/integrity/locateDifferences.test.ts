import { describe, expect, it } from 'vitest';
import { hashLeaves } from './hashLeaves.ts';
import { toHex32 } from './hex.ts';
import { type LocateDifferencesReturnType, locateDifferences } from './locateDifferences.ts';

const leaves = (n: number, tag = 'r') => hashLeaves(Array.from({ length: n }, (_, i) => `${tag}${i}`));
const h = (b: Uint8Array) => toHex32(b);

/** Rebuilds `actual` from `expected` and the findings: the report must explain every position. */
function explains(expected: Buffer[], actual: Buffer[], r: LocateDifferencesReturnType): void {
  const touchedE = new Set<number>();
  const touchedA = new Set<number>();
  for (const f of r.findings) {
    if (f.kind !== 'inserted') {
      expect(touchedE.has(f.expectedIndex), 'expected index reported twice').toBe(false);
      touchedE.add(f.expectedIndex);
    }
    if (f.kind !== 'deleted') {
      expect(touchedA.has(f.actualIndex), 'actual index reported twice').toBe(false);
      touchedA.add(f.actualIndex);
    }
    if (f.kind === 'modified') {
      expect(f.expectedLeafHash).toBe(h(expected[f.expectedIndex]!));
      expect(f.actualLeafHash).toBe(h(actual[f.actualIndex]!));
      expect(f.expectedLeafHash).not.toBe(f.actualLeafHash);
    }
    if (f.kind === 'reordered') {
      expect(h(expected[f.expectedIndex]!)).toBe(f.leafHash);
      expect(h(actual[f.actualIndex]!)).toBe(f.leafHash);
    }
  }
  // What is not reported must be the same sequence on both sides.
  const keptE = expected.filter((_, i) => !touchedE.has(i)).map(h);
  const keptA = actual.filter((_, i) => !touchedA.has(i)).map(h);
  expect(keptA).toEqual(keptE);
  expect(r.counts.unchanged).toBe(keptE.length);
}

describe('locateDifferences', () => {
  it('reports an untouched batch as intact', () => {
    const e = leaves(10);
    const r = locateDifferences(e, e.slice());
    expect(r).toEqual({
      verdict: 'intact',
      counts: { modified: 0, deleted: 0, inserted: 0, reordered: 0, unchanged: 10 },
      findings: [],
    });
    expect(locateDifferences([], []).verdict).toBe('intact');
  });

  it('names a modified reading by its position', () => {
    const e = leaves(10);
    const a = e.slice();
    a[4] = hashLeaves(['tampered'])[0]!;
    const r = locateDifferences(e, a);
    expect(r.verdict).toBe('tampered');
    expect(r.findings).toEqual([
      {
        kind: 'modified',
        expectedIndex: 4,
        actualIndex: 4,
        expectedLeafHash: h(e[4]!),
        actualLeafHash: h(a[4]!),
      },
    ]);
  });

  it('names deleted readings at the start, middle and end', () => {
    const e = leaves(10);
    for (const i of [0, 5, 9]) {
      const a = e.filter((_, k) => k !== i);
      const r = locateDifferences(e, a);
      expect(r.findings, `deleted ${i}`).toEqual([
        { kind: 'deleted', expectedIndex: i, expectedLeafHash: h(e[i]!) },
      ]);
      explains(e, a, r);
    }
    const r = locateDifferences(e, []);
    expect(r.counts.deleted).toBe(10);
  });

  it('names inserted readings', () => {
    const e = leaves(6);
    const extra = hashLeaves(['forged'])[0]!;
    const a = [...e.slice(0, 3), extra, ...e.slice(3)];
    const r = locateDifferences(e, a);
    expect(r.findings).toEqual([{ kind: 'inserted', actualIndex: 3, actualLeafHash: h(extra) }]);
    expect(locateDifferences([], e).counts.inserted).toBe(6);
  });

  it('calls a permutation of the same readings reordered, naming the moved ones', () => {
    const e = leaves(8);
    const swapped = e.slice();
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    const r = locateDifferences(e, swapped);
    expect(r.verdict).toBe('reordered');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ kind: 'reordered' });
    explains(e, swapped, r);

    const moved = [...e.slice(1), e[0]!]; // first reading moved to the end
    const m = locateDifferences(e, moved);
    expect(m.findings).toEqual([{ kind: 'reordered', expectedIndex: 0, actualIndex: 7, leafHash: h(e[0]!) }]);

    const reversed = e.slice().reverse();
    const rv = locateDifferences(e, reversed);
    expect(rv.verdict).toBe('reordered');
    expect(rv.counts.reordered).toBe(7);
    explains(e, reversed, rv);
  });

  it('separates mixed tampering: modify + delete + insert + move', () => {
    const e = leaves(12);
    const forged = hashLeaves(['forged-a', 'forged-b']);
    // delete 1, modify 5, insert after 8, move 10 to the front
    const a = [
      e[10]!,
      e[0]!,
      e[2]!,
      e[3]!,
      e[4]!,
      forged[0]!,
      e[6]!,
      e[7]!,
      e[8]!,
      forged[1]!,
      e[9]!,
      e[11]!,
    ];
    const r = locateDifferences(e, a);
    explains(e, a, r);
    expect(r.counts).toEqual({ modified: 1, deleted: 1, inserted: 1, reordered: 1, unchanged: 9 });
    expect(r.findings).toContainEqual({ kind: 'deleted', expectedIndex: 1, expectedLeafHash: h(e[1]!) });
    expect(r.findings).toContainEqual(
      expect.objectContaining({ kind: 'modified', expectedIndex: 5, actualIndex: 5 }),
    );
    expect(r.findings).toContainEqual({ kind: 'inserted', actualIndex: 9, actualLeafHash: h(forged[1]!) });
    expect(r.findings).toContainEqual({
      kind: 'reordered',
      expectedIndex: 10,
      actualIndex: 0,
      leafHash: h(e[10]!),
    });
  });

  it('pairs duplicate leaves in order', () => {
    const [x, y] = hashLeaves(['x', 'y']) as [Buffer, Buffer];
    const r = locateDifferences([x, x, y], [x, y]);
    expect(r.findings).toEqual([{ kind: 'deleted', expectedIndex: 1, expectedLeafHash: h(x) }]);
  });

  it('explains every position after random edits (property check)', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const e = leaves(1 + rnd(40), `b${round}-`);
      const a = e.slice();
      const edits = rnd(5);
      for (let k = 0; k < edits; k++) {
        const op = rnd(4);
        if (op === 0 && a.length > 0) a[rnd(a.length)] = hashLeaves([`m${round}-${k}`])[0]!;
        if (op === 1 && a.length > 0) a.splice(rnd(a.length), 1);
        if (op === 2) a.splice(rnd(a.length + 1), 0, hashLeaves([`i${round}-${k}`])[0]!);
        if (op === 3 && a.length > 1) {
          const [moved] = a.splice(rnd(a.length), 1);
          a.splice(rnd(a.length + 1), 0, moved!);
        }
      }
      const r = locateDifferences(e, a);
      explains(e, a, r);
      const same = e.length === a.length && e.every((x, i) => x.equals(a[i]!));
      expect(r.verdict === 'intact').toBe(same);
    }
  });
});
