import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { honestClients, signFlipper, syntheticFederation } from '../../test/support/syntheticFederation.ts';
import { startDeployedChain, testChainKinds } from '../../test/support/testChains.ts';
import { toBytes32Id } from '../identity/index.ts';
import { ensureOrganisation } from '../identity/registerDevice.ts';
import { writeContract } from '../ledger/index.ts';
import { resolveAggregator } from './aggregatorConfig.ts';
import { createChainFederationLedger } from './createChainFederationLedger.ts';
import { federatedModelDigest } from './model/federatedModel.ts';
import type { FederationClient } from './roundTypes.ts';
import { runFederation } from './runFederation.ts';
import { verifyModelLineage } from './verifyModelLineage.ts';

const fed = syntheticFederation({ hospitals: 4, perHospital: 200, seed: 9 });
const spec = { hours: 48, featureSet: 'all' as const, featureNames: fed.featureNames };
const file = (model: Awaited<ReturnType<typeof runFederation>>['model']) => ({
  model,
  modelDigest: federatedModelDigest(model),
  citation: '',
  licence: '',
});

describe.each(testChainKinds())('federation rounds on FederationRegistry (%s)', (kind) => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  beforeAll(async () => {
    chain = await startDeployedChain(kind);
    for (const h of fed.hospitals) await ensureOrganisation(chain.ctx, h.id);
  });
  afterAll(() => chain?.stop());

  it('records every round and the exclusion of a poisoner; verify proves the lineage; a changed model is not on chain', async () => {
    const honest = honestClients(fed);
    const clients: FederationClient[] = [...honest.slice(0, 3), signFlipper(honest[3]!)];
    const r = await runFederation({
      federationId: 'fl-chain-1',
      clients,
      reference: fed.reference,
      spec,
      rounds: 3,
      aggregator: resolveAggregator('trust'),
      ledger: createChainFederationLedger(chain.ctx),
    });
    const v = await verifyModelLineage(chain.ctx, file(r.model));
    expect(v).toMatchObject({
      valid: true,
      federationId: 'fl-chain-1',
      round: 3,
      task: 'deterioration-48h-all',
    });
    expect(v.rounds.map((x) => x.modelDigest)).toEqual(r.reports.map((x) => x.modelDigest));
    expect(v.rounds[0]!.previousModelDigest).toBe(r.initialDigest);
    expect(v.rounds[0]!.hospitals.map((h) => h.hospitalId)).toEqual(fed.hospitals.map((h) => h.id));
    expect(v.rounds[0]!.hospitals.find((h) => h.hospitalId === 'hospital-4')?.weight).toBe(0);
    expect(v.exclusions).toEqual([expect.objectContaining({ hospitalId: 'hospital-4', round: 1 })]);
    expect(v.rounds[2]!.hospitals.map((h) => h.hospitalId)).not.toContain('hospital-4');
    expect(v.unregistered).toEqual([]);
    const altered = { ...r.model, params: r.model.params.map((p, j) => (j === 0 ? p + 1e-9 : p)) };
    expect(await verifyModelLineage(chain.ctx, file(altered))).toMatchObject({
      valid: false,
      code: 'VIGIL_FL_MODEL_NOT_ON_CHAIN',
    });
  });

  it('an excluded hospital is refused on chain until the consortium admin reinstates it', async () => {
    const ledger = createChainFederationLedger(chain.ctx);
    const honest = honestClients(fed);
    const first = await runFederation({
      federationId: 'fl-chain-2',
      clients: [...honest.slice(0, 3), signFlipper(honest[3]!)],
      reference: fed.reference,
      spec,
      rounds: 1,
      aggregator: resolveAggregator('trust'),
      ledger,
    });
    expect(first.trust.find((t) => t.hospitalId === 'hospital-4')?.excluded).toBe(true);
    expect(await ledger.excludedHospitals('fl-chain-2', ['hospital-4', 'hospital-1'])).toEqual(
      new Set(['hospital-4']),
    );
    await writeContract(chain.ctx, 'federationRegistry', 'reinstateHospital', [
      toBytes32Id('fl-chain-2'),
      toBytes32Id('hospital-4'),
      'pipeline audited and fixed',
    ]);
    expect(await ledger.excludedHospitals('fl-chain-2', ['hospital-4'])).toEqual(new Set());
  });

  it('reports contributors that are not registered organisations', async () => {
    const stranger = syntheticFederation({ hospitals: 1, perHospital: 100, seed: 4 });
    const [client] = honestClients({
      ...stranger,
      hospitals: [{ id: 'not-an-org', data: stranger.hospitals[0]!.data }],
    });
    const r = await runFederation({
      federationId: 'fl-chain-3',
      clients: [client!, ...honestClients(fed).slice(0, 2)],
      reference: fed.reference,
      spec,
      rounds: 1,
      aggregator: resolveAggregator('fedavg'),
      ledger: createChainFederationLedger(chain.ctx),
    });
    expect(await verifyModelLineage(chain.ctx, file(r.model))).toMatchObject({
      valid: false,
      code: 'VIGIL_FL_HOSPITAL_UNKNOWN',
      unregistered: ['not-an-org'],
    });
  });
});
