import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { WUSTL_CITATION } from './attackDetectorModel.ts';
import { createStreamingAttackScorer } from './createStreamingAttackScorer.ts';
import { loadAttackDetector } from './loadAttackDetector.ts';
import { DEFAULT_ATTACK_MODEL_PATH } from './paths.ts';
import { syntheticRows } from './syntheticRows.ts';

describe('the committed models/attack-detector.json', () => {
  it('loads in a fresh clone, matches the feature code and scores a stream like a batch', async () => {
    const detector = await loadAttackDetector(DEFAULT_ATTACK_MODEL_PATH);
    try {
      const bytes = await readFile(DEFAULT_ATTACK_MODEL_PATH);
      expect(detector.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(detector.model.training.citation).toBe(WUSTL_CITATION);
      expect(detector.model.training.rows).toBeGreaterThan(10_000);
      // The file holds the model and its metadata only, never data rows.
      expect(Object.keys(JSON.parse(bytes.toString('utf8'))).sort()).toEqual(
        [
          'booster',
          'featureNames',
          'featureSpec',
          'format',
          'formatVersion',
          'params',
          'threshold',
          'training',
        ].sort(),
      );
      expect(Object.keys(detector.model.training).sort()).toEqual(
        ['attackRows', 'citation', 'dataSource', 'rows', 'trainedAt', 'validationRows'].sort(),
      );
      const rows = syntheticRows(80, 21);
      const batch = detector.score(rows);
      const scorer = createStreamingAttackScorer(detector);
      expect(rows.map((r) => scorer.push(r).score)).toEqual(batch);
      for (const s of batch) expect(s).toBeGreaterThanOrEqual(0);
    } finally {
      detector.free();
    }
  });
});
