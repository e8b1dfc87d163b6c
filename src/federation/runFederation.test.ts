import { describe, expect, it } from 'vitest';
import { honestClients, signFlipper, syntheticFederation } from '../../test/support/syntheticFederation.ts';
import { auroc } from '../clinical/index.ts';
import { resolveAggregator } from './aggregatorConfig.ts';
import { createMemoryFederationLedger } from './federationLedger.ts';
import { fitFeatureScaling, scaleRow } from './model/featureScaling.ts';
import { predictFederated } from './model/federatedModel.ts';
import { fitLogistic } from './model/fitLogistic.ts';
import { predictLogistic } from './model/logisticObjective.ts';
import type { FederationClient } from './roundTypes.ts';
import { runFederation } from './runFederation.ts';

const fed = syntheticFederation({ hospitals: 4, perHospital: 250 });
const spec = { hours: 48, featureSet: 'all' as const, featureNames: fed.featureNames };
const base = { reference: fed.reference, spec, rounds: 15 };
const testAuroc = (model: Parameters<typeof predictFederated>[0]) =>
  auroc(fed.test.y, predictFederated(model, fed.test.x));

describe('runFederation', () => {
  it('fedavg reaches the centralised model of the same family, records every round chained to the last', async () => {
    const ledger = createMemoryFederationLedger();
    const r = await runFederation({
      ...base,
      federationId: 'fl-fedavg',
      clients: honestClients(fed),
      aggregator: resolveAggregator('fedavg'),
      ledger,
    });
    const scaling = fitFeatureScaling(fed.reference.x);
    const pooled = fed.hospitals.flatMap((h) =>
      h.data.x.map((x, i) => ({ x: scaleRow(scaling, x), y: h.data.y[i]! })),
    );
    const central = fitLogistic({ x: pooled.map((p) => p.x), y: pooled.map((p) => p.y) }, { l2: 0.1 });
    const centralAuroc = auroc(
      fed.test.y,
      predictLogistic(
        central,
        fed.test.x.map((x) => scaleRow(scaling, x)),
      ),
    );
    expect(testAuroc(r.model)).toBeGreaterThan(centralAuroc - 0.01);
    expect(ledger.records).toHaveLength(15);
    expect(ledger.records[0]!.previousModelDigest).toBe(r.initialDigest);
    ledger.records.forEach((rec, i) => {
      if (i > 0) expect(rec.previousModelDigest).toBe(ledger.records[i - 1]!.modelDigest);
      expect(rec.contributions.map((c) => c.hospitalId).sort()).toEqual(fed.hospitals.map((h) => h.id));
    });
    expect(ledger.records.at(-1)!.modelDigest).toBe(r.digest);
    expect(r.model.federation).toEqual({ id: 'fl-fedavg', round: 15 });
    expect(ledger.exclusions).toEqual([]);
  });

  it('the trust rule excludes a sign-flipping hospital within 5 rounds and no honest one; fedavg is damaged', async () => {
    const honest = honestClients(fed);
    const clients: FederationClient[] = [...honest.slice(0, 3), signFlipper(honest[3]!)];
    const ledger = createMemoryFederationLedger();
    const trust = await runFederation({
      ...base,
      federationId: 'fl-trust',
      clients,
      aggregator: resolveAggregator('trust'),
      ledger,
    });
    expect(ledger.exclusions.map((e) => e.hospitalId)).toEqual(['hospital-4']);
    expect(ledger.exclusions[0]!.round).toBeLessThanOrEqual(5);
    const excludedAt = ledger.exclusions[0]!.round;
    // After its exclusion the hospital is neither asked nor recorded.
    for (const rec of ledger.records.filter((x) => x.round > excludedAt)) {
      expect(rec.contributions.map((c) => c.hospitalId)).not.toContain('hospital-4');
    }
    const fedavg = await runFederation({
      ...base,
      federationId: 'fl-avg',
      clients,
      aggregator: resolveAggregator('fedavg'),
    });
    const clean = await runFederation({
      ...base,
      federationId: 'fl-clean',
      clients: honest,
      aggregator: resolveAggregator('trust'),
    });
    expect(testAuroc(trust.model)).toBeGreaterThan(testAuroc(clean.model) - 0.02);
    expect(testAuroc(fedavg.model)).toBeLessThan(testAuroc(trust.model) - 0.01);
  });

  it('refuses a NaN update with its code as negative evidence, and goes on without a hospital that never answers', async () => {
    const honest = honestClients(fed);
    const nan: FederationClient = {
      hospitalId: 'hospital-3',
      async train(task) {
        const u = honest[2]!.honestUpdate(task);
        u.delta[0] = Number.NaN;
        return u;
      },
    };
    const silent: FederationClient = { hospitalId: 'hospital-4', train: () => new Promise(() => {}) };
    const reports: Awaited<ReturnType<typeof runFederation>>['reports'] = [];
    const r = await runFederation({
      ...base,
      rounds: 2,
      federationId: 'fl-faults',
      clients: [honest[0]!, honest[1]!, nan, silent],
      aggregator: resolveAggregator('fedavg'),
      roundTimeoutMs: 200,
      onRound: (x) => reports.push(x),
    });
    expect(reports[0]!.refused).toEqual([{ hospitalId: 'hospital-3', code: 'VIGIL_FL_UPDATE_NOT_FINITE' }]);
    expect(reports[0]!.dropped).toEqual(['hospital-4']);
    expect(reports[0]!.participants).toEqual(['hospital-1', 'hospital-2']);
    const t = Object.fromEntries(r.trust.map((x) => [x.hospitalId, x.trust]));
    expect(t['hospital-3']).toBeLessThan(0.4);
    expect(t['hospital-1']).toBeGreaterThan(0.6);
    expect(t['hospital-4']).toBe(0.5);
  });

  it('fails a round below its quorum without recording it', async () => {
    const ledger = createMemoryFederationLedger();
    const silent = (id: string): FederationClient => ({
      hospitalId: id,
      train: () => Promise.reject(new Error('down')),
    });
    await expect(
      runFederation({
        ...base,
        federationId: 'fl-quorum',
        clients: [honestClients(fed)[0]!, silent('hospital-2'), silent('hospital-3')],
        aggregator: resolveAggregator('fedavg'),
        quorum: 2,
        ledger,
      }),
    ).rejects.toMatchObject({ code: 'VIGIL_FL_QUORUM_NOT_MET' });
    expect(ledger.records).toEqual([]);
  });

  it('does not ask a hospital the ledger excludes, and takes it back (evidence forgiven) once reinstated', async () => {
    const ledger = createMemoryFederationLedger();
    const asked: string[][] = [];
    const spy = honestClients(fed).map(
      (c): FederationClient => ({
        hospitalId: c.hospitalId,
        async train(task) {
          asked[task.round - 1] = [...(asked[task.round - 1] ?? []), c.hospitalId];
          return c.train(task);
        },
      }),
    );
    let round = 0;
    const excluded = new Set(['hospital-2']);
    const r = await runFederation({
      ...base,
      rounds: 3,
      federationId: 'fl-ledger',
      clients: spy,
      aggregator: resolveAggregator('trust'),
      ledger: {
        ...ledger,
        async excludedHospitals() {
          round++;
          return new Set(round === 1 ? excluded : []);
        },
      },
    });
    expect(asked[0]).not.toContain('hospital-2');
    expect(asked[1]).toContain('hospital-2');
    expect(r.trust.find((t) => t.hospitalId === 'hospital-2')?.excluded).toBe(false);
  });

  it('differential privacy: refused with a robust rule; with fedavg reports ε ≤ target, reproducibly for a seed', async () => {
    const clients = honestClients(fed);
    await expect(
      runFederation({
        ...base,
        federationId: 'fl-dp-median',
        clients,
        aggregator: resolveAggregator('median'),
        dp: { epsilon: 8, delta: 1e-5, clip: 0.3, sampleRate: 1, seed: 1 },
      }),
    ).rejects.toMatchObject({ code: 'VIGIL_FL_CONFIG_INVALID' });
    const run = () =>
      runFederation({
        ...base,
        rounds: 5,
        federationId: 'fl-dp',
        clients,
        aggregator: resolveAggregator('fedavg'),
        serverMomentum: 0,
        dp: { epsilon: 8, delta: 1e-5, clip: 0.3, sampleRate: 0.5, seed: 3 },
      });
    const a = await run();
    const b = await run();
    expect(a.privacy!.epsilon).toBeLessThanOrEqual(8);
    expect(a.privacy!.epsilon).toBeGreaterThan(7.9);
    expect(a.digest).toBe(b.digest);
    // Under DP no trust is computed from raw updates.
    expect(a.reports.every((x) => x.scores.length === 0)).toBe(true);
  });
});
