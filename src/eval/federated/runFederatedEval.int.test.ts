import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readOutcomes, readPhysionetLong } from '../../clinical/index.ts';
import { resolveAggregator } from '../../federation/index.ts';
import { prepareFederatedData } from './prepareFederatedData.ts';
import { runFederatedEval } from './runFederatedEval.ts';

const base = fileURLToPath(new URL('../../../../shared/data/physionet-2012/', import.meta.url));
const DATA = `${base}set-a-dev.csv.gz`;
const OUTCOMES = `${base}outcomes-a-dev.csv`;
const present = existsSync(DATA) && existsSync(OUTCOMES);
const ci = process.env.CI === 'true';
if (!present && !ci)
  console.log('skipped: ../shared/data not found (federated evaluation on PhysioNet 2012)');

describe.skipIf(!present && !ci)(
  'vigil eval federated on a PhysioNet 2012 subset (patient split, ICU types)',
  () => {
    it('federates near the centralised model, and the trust rule excludes a sign-flipping ICU that ruins fedavg', async () => {
      // Every second stay: about 1,500 patients, three quarters for training, never scored on.
      const records = readPhysionetLong(DATA).filter((_, i) => i % 2 === 0);
      const outcomes = readOutcomes(OUTCOMES);
      const data = prepareFederatedData({
        train: { records: records.filter((_, i) => i % 4 !== 0), outcomes },
        test: { records: records.filter((_, i) => i % 4 === 0), outcomes },
        split: { kind: 'icu-type' },
        hours: 48,
        featureSet: 'all',
        seed: 1,
      });
      const r = await runFederatedEval({
        data,
        spec: { hours: 48, featureSet: 'all' },
        rounds: 10,
        aggregators: [resolveAggregator('fedavg'), resolveAggregator('trust')],
        attacks: ['sign-flip'],
        poisoned: 1,
        seed: 1,
      });
      expect(r.perHospital.map((h) => h.hospitalId)).toEqual([
        'icu-cardiac-surgery',
        'icu-coronary-care',
        'icu-medical',
        'icu-surgical',
      ]);
      const [fedavg, trust] = r.rows;
      expect(r.centralizedAuroc).toBeGreaterThan(0.75);
      expect(fedavg!.cleanFederatedAuroc).toBeGreaterThan(r.centralizedAuroc - 0.03);
      expect(trust!.poisonedExcludedAtRound).not.toBeNull();
      expect(trust!.poisonedExcludedAtRound).toBeLessThanOrEqual(5);
      expect(trust!.exclusions.every((e) => e.poisoned)).toBe(true);
      expect(trust!.auroc).toBeGreaterThan(trust!.cleanFederatedAuroc - 0.03);
      expect(fedavg!.auroc).toBeLessThan(trust!.auroc - 0.05);
    }, 120_000);
  },
);
