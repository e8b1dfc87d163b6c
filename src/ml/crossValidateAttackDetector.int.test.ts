import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crossValidateAttackDetector } from './crossValidateAttackDetector.ts';
import { loadWustlCsv } from './loadWustlCsv.ts';
import { loadXgboost } from './loadXgboost.ts';
import { DEFAULT_WUSTL_PATH } from './paths.ts';

const available = existsSync(DEFAULT_WUSTL_PATH);
const run = available || process.env.CI === 'true';
if (!run) console.log(`skipped: ../shared/data not found (${DEFAULT_WUSTL_PATH})`);

describe.skipIf(!run)('attack detector on WUSTL-EHMS-2020 (one blocked fold)', () => {
  it('beats the per-row baseline on a period it never saw', async () => {
    const { rows } = await loadWustlCsv(DEFAULT_WUSTL_PATH);
    const xgb = await loadXgboost();
    // Fold 2 of 5: trained on the periods before and after, 50-row gaps; fewer rounds to stay quick.
    const { folds } = crossValidateAttackDetector(xgb, {
      rows,
      folds: 5,
      only: [2],
      params: { iterations: 40 },
    });
    const fold = folds[0]!;
    expect(fold.rows.test).toBeGreaterThan(2000);
    expect(fold.auroc).toBeGreaterThan(fold.baseline.auroc);
    expect(fold.auroc).toBeGreaterThan(0.9);
    expect(fold.recallByCategory.Spoofing).toBeGreaterThan(fold.baseline.recallByCategory.Spoofing);
  });
});
