import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { syntheticRows, toWustlCsv } from '../../ml/syntheticRows.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/vigil.js', import.meta.url));
const vigil = (...args: string[]) =>
  run(process.execPath, [BIN, ...args], { timeout: 60_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

describe('vigil eval attacks / train attacks (plain node, generated data)', () => {
  it('prints the documented JSON for --train/--test and writes a model file with train', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-eval-attacks-'));
    await writeFile(join(dir, 'train.csv'), toWustlCsv(syntheticRows(700, 31)));
    await writeFile(join(dir, 'test.csv'), toWustlCsv(syntheticRows(300, 32)));
    const evaluated = await vigil(
      'eval',
      'attacks',
      '--train',
      join(dir, 'train.csv'),
      '--test',
      join(dir, 'test.csv'),
      '--iterations',
      '15',
      '--json',
    );
    expect(evaluated.code).toBe(0);
    const out = JSON.parse(evaluated.stdout);
    for (const result of [out, out.baseline]) {
      expect(Object.keys(result)).toEqual(
        expect.arrayContaining([
          'f1',
          'precision',
          'recall',
          'auroc',
          'recallByCategory',
          'threshold',
          'episodes',
        ]),
      );
      expect(Object.keys(result.recallByCategory).sort()).toEqual(['Data Alteration', 'Spoofing']);
      expect(result.auroc).toBeGreaterThan(0.5);
    }
    expect(out.rows).toEqual({ train: 700, test: 300 });
    expect(evaluated.stderr).toBe('');

    const trained = await vigil(
      'train',
      'attacks',
      '--data',
      join(dir, 'train.csv'),
      '--out',
      join(dir, 'm.json'),
      '--json',
    );
    expect(trained.code).toBe(0);
    expect(JSON.parse(trained.stdout)).toMatchObject({
      rows: 700,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('exits 1 with a coded error for a file that is not in the WUSTL layout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-eval-attacks-'));
    await writeFile(join(dir, 'ids.csv'), 'SrcMac,DstMac,Attack Category\na,b,normal\n');
    const result = await vigil(
      'eval',
      'attacks',
      '--train',
      join(dir, 'ids.csv'),
      '--test',
      join(dir, 'ids.csv'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error VIGIL_ML_DATASET_INVALID: .*missing column/);
  });
});
