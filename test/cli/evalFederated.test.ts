import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePhysionetFixture } from '../support/physionetFixture.ts';
import { runCli } from '../support/runCli.ts';

describe('vigil eval federated and vigil verify model (synthetic stays)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-fl-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const train = writePhysionetFixture(dir, { name: 'train', stays: 300 });
  const test = writePhysionetFixture(dir, { name: 'test', stays: 100, firstId: 150000, seed: 9 });
  const files = [
    '--train',
    train.data,
    '--train-outcomes',
    train.outcomes,
    '--test',
    test.data,
    '--test-outcomes',
    test.outcomes,
  ];

  it('refuses bad arguments and DP with a robust rule, each with a clear code', () => {
    const cases: [string[], RegExp][] = [
      [['--rounds', '3'], /VIGIL_INVALID_ARGUMENT: give --train --train-outcomes --test --test-outcomes/],
      [
        [...files, '--aggregator', 'mean'],
        /VIGIL_INVALID_ARGUMENT: --aggregator: mean is not one of fedavg, fedprox, median/,
      ],
      [[...files, '--poisoned', '1'], /VIGIL_INVALID_ARGUMENT: --poisoned needs --attack/],
      [[...files, '--poisoned', '1', '--attack', 'bit-flip'], /VIGIL_INVALID_ARGUMENT: --attack: bit-flip/],
      [[...files, '--hospitals', '1'], /VIGIL_INVALID_ARGUMENT: --hospitals must be icu-type or an integer/],
      [
        [...files, '--poisoned', '4', '--attack', 'scale'],
        /VIGIL_INVALID_ARGUMENT: --poisoned must be below/,
      ],
      [
        [...files, '--aggregator', 'median', '--dp-epsilon', '8'],
        /VIGIL_FL_CONFIG_INVALID: differential privacy needs fedavg or fedprox/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['eval', 'federated', ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it('prints the issue’s JSON fields for one aggregator and attack', () => {
    const r = runCli([
      'eval',
      'federated',
      ...files,
      '--rounds',
      '3',
      '--aggregator',
      'trust',
      '--poisoned',
      '1',
      '--attack',
      'scale',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const key of [
      'auroc',
      'centralizedAuroc',
      'cleanFederatedAuroc',
      'localOnlyAuroc',
      'federatedOnHospitalAuroc',
      'poisonedExcludedAtRound',
      'epsilon',
      'rounds',
      'perHospital',
    ]) {
      expect(j, key).toHaveProperty(key);
    }
    expect(j).toMatchObject({ aggregator: 'trust', attack: 'scale', rounds: 3, epsilon: null });
    expect(j.perHospital).toHaveLength(4);
    expect(j.poisonedExcludedAtRound).toBe(1);
    expect(j.exclusions).toEqual([{ hospitalId: j.poisonedHospitals[0], round: 1, poisoned: true }]);
  });

  it('records the rounds on the chain, writes the model, and verify model proves it (and refuses a changed one)', () => {
    const dataDir = join(dir, 'chain');
    const model = join(dir, 'model.json');
    const r = runCli([
      'eval',
      'federated',
      ...files,
      '--rounds',
      '2',
      '--aggregator',
      'fedavg',
      '--record',
      '--model-out',
      model,
      '--data-dir',
      dataDir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const ok = runCli(['verify', 'model', model, '--data-dir', dataDir, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const v = JSON.parse(ok.stdout);
    expect(v).toMatchObject({ valid: true, round: 2, unregistered: [] });
    expect(v.rounds).toHaveLength(2);
    expect(v.hospitals).toEqual(['icu-cardiac-surgery', 'icu-coronary-care', 'icu-medical', 'icu-surgical']);
    const text = runCli(['verify', 'model', model, '--data-dir', dataDir]);
    expect(text.stdout).toMatch(
      /^VALID: model 0x[0-9a-f]{64} is round 2 of federation f[0-9a-f]{6}-fedavg-clean/,
    );

    const file = JSON.parse(readFileSync(model, 'utf8'));
    file.model.calibration.a = -file.model.calibration.a;
    writeFileSync(join(dir, 'changed.json'), JSON.stringify(file));
    const bad = runCli(['verify', 'model', join(dir, 'changed.json'), '--data-dir', dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^INVALID VIGIL_FL_MODEL_NOT_ON_CHAIN/);
    writeFileSync(join(dir, 'garbage.json'), '{"model": {}}');
    const garbage = runCli(['verify', 'model', join(dir, 'garbage.json'), '--data-dir', dataDir]);
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toMatch(/VIGIL_FL_MODEL_INVALID/);
  });
});
