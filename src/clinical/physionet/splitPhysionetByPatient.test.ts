import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readOutcomes } from './readOutcomes.ts';
import { readPhysionetLong } from './readPhysionetLong.ts';
import { splitPhysionetByPatient } from './splitPhysionetByPatient.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('splitPhysionetByPatient', () => {
  it('puts every patient in exactly one split, with all of its rows and its outcome', () => {
    const lines = ['RecordID,Time,Parameter,Value'];
    const outcomes = ['RecordID,SAPS-I,SOFA,Length_of_stay,Survival,In-hospital_death'];
    for (let id = 1; id <= 50; id++) {
      lines.push(`${id},00:00,Age,${40 + id}`, `${id},01:00,HR,${60 + id}`, `${id},02:00,HR,${61 + id}`);
      outcomes.push(`${id},1,1,5,-1,${id % 5 === 0 ? 1 : 0}`);
    }
    writeFileSync(join(dir, 'data.csv'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'outcomes.csv'), `${outcomes.join('\n')}\n`);
    const r = splitPhysionetByPatient({
      data: join(dir, 'data.csv'),
      outcomes: join(dir, 'outcomes.csv'),
      outDir: join(dir, 'out'),
      testFraction: 0.2,
    });
    expect(r.patients).toEqual({ train: 40, test: 10 });
    const train = readPhysionetLong(r.train);
    const test = readPhysionetLong(r.test);
    const trainIds = new Set(train.map((x) => x.recordId));
    expect(test.some((x) => trainIds.has(x.recordId))).toBe(false);
    expect(train.length + test.length).toBe(50);
    expect(test.every((x) => x.series.HR?.v.length === 2)).toBe(true);
    const testOutcomes = readOutcomes(r.testOutcomes);
    expect([...testOutcomes.keys()].sort()).toEqual(test.map((x) => x.recordId).sort());
    expect([...testOutcomes.values()].filter((v) => v === 1)).toHaveLength(2); // stratified: 10 deaths / 5
  });
});
