import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFlowScorer,
  createVitalsTracker,
  type FlowFeatures,
  sensorTokenCheck,
} from '../../flows/index.ts';
import { type AttackDetector, loadAttackDetector } from '../../ml/index.ts';
import { DEFAULT_ATTACK_MODEL_PATH } from '../../ml/paths.ts';
import { syntheticRows } from '../../ml/syntheticRows.ts';
import { FLOW_COLUMNS } from '../../ml/wustlColumns.ts';
import { createTrustService } from '../../trust/index.ts';
import { acceptedReading } from '../../trust/testing.ts';
import { buildApp } from '../buildApp.ts';

const TOKEN = 'sensor-token-for-tests-0123456789abcdef';
const pipeline = {
  submit: async () => ({ results: [] }),
  stats: () => ({ accepted: 0, rejected: 0, pending: 0 }),
};
const flowOf = (row: Record<string, unknown>): FlowFeatures =>
  Object.fromEntries([...FLOW_COLUMNS, 'Dir', 'Flgs'].map((c) => [c, row[c]])) as FlowFeatures;

let detector: AttackDetector;
beforeAll(async () => {
  detector = await loadAttackDetector(DEFAULT_ATTACK_MODEL_PATH);
});
afterAll(() => detector.free());

function setup(threshold?: number, fixedScore?: number) {
  const trust = createTrustService({ now: () => 10_000_000 });
  const vitals = createVitalsTracker();
  let d = threshold === undefined ? detector : { ...detector, model: { ...detector.model, threshold } };
  // A stand-in booster with a fixed score tests the plumbing to trust apart from the model.
  if (fixedScore !== undefined)
    d = { ...d, booster: { ...d.booster, predict: (x) => x.map(() => fixedScore) } };
  const scorer = createFlowScorer({
    detector: d,
    trust,
    vitals,
    isKnownDevice: (id) => id.startsWith('dev-'),
    now: () => 10_000_000,
  });
  const app = buildApp({ pipeline, flows: { scorer, checkToken: sensorTokenCheck(TOKEN) }, docs: false });
  const post = (body: unknown, token: string | null = TOKEN) =>
    app.inject({
      method: 'POST',
      url: '/v1/flows',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      payload: body as object,
    });
  return { app, trust, vitals, post };
}

const batch = (deviceId: string, n: number, seed = 1) => ({
  records: syntheticRows(n, seed).map((r, i) => ({ deviceId, at: 9_000_000 + i * 1000, flow: flowOf(r) })),
});

describe('POST /v1/flows', () => {
  it('answers 401 with a Bearer challenge without or with a wrong sensor token, scoring nothing', async () => {
    const { post, trust } = setup(0);
    for (const token of [null, 'wrong-token']) {
      const res = await post(batch('dev-a', 2), token);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="vigil-sensor"');
      expect(res.json()).toEqual({
        resourceType: 'OperationOutcome',
        issue: [
          expect.objectContaining({
            severity: 'error',
            details: expect.objectContaining({ text: 'a valid sensor token is required' }),
          }),
        ],
      });
    }
    expect(trust.list()).toEqual([]);
  });

  it('rejects addresses, ports, MACs, biometrics, strings as numbers and oversized batches (400)', async () => {
    const { post } = setup();
    const good = batch('dev-a', 1).records[0]!;
    const bad = [
      { ...good, flow: { ...good.flow, SrcAddr: '10.0.1.172' } },
      { ...good, flow: { ...good.flow, Sport: 5000 } },
      { ...good, flow: { ...good.flow, SrcMac: 'aa:bb:cc:dd:ee:ff' } },
      { ...good, flow: { ...good.flow, Heart_rate: 80 } },
      { ...good, flow: { ...good.flow, SrcBytes: '496' } },
      { ...good, flow: { ...good.flow, Load: -1 } },
      { ...good, flow: { ...good.flow, Flgs: '10.0.1.1' } },
      { ...good, deviceId: 'a b' },
      { ...good, srcIp: '10.0.0.1' },
    ];
    for (const record of bad) {
      const res = await post({ records: [record] });
      expect(res.statusCode).toBe(400);
      expect(res.json().resourceType).toBe('OperationOutcome');
    }
    const { flow } = good;
    const { SrcBytes: _, ...missing } = flow;
    expect((await post({ records: [{ ...good, flow: missing }] })).statusCode).toBe(400);
    expect((await post({ records: [] })).statusCode).toBe(400);
    expect((await post({ records: Array(1001).fill(good) })).statusCode).toBe(400);
  });

  it('scores each record with the committed detector and the device’s latest vitals', async () => {
    const { post, vitals } = setup();
    vitals.onAccepted([acceptedReading('dev-a', 'p1', 'spo2', 96, 1)]);
    const body = batch('dev-a', 30, 4);
    const res = await post(body);
    expect(res.statusCode).toBe(200);
    const { results } = res.json();
    expect(results).toHaveLength(30);
    const expected = detector.score(syntheticRows(30, 4).map((r) => ({ ...r, ...vitals.vitalsOf('dev-a') })));
    expect(results.map((r: { score: number }) => r.score)).toEqual(expected);
    for (const [i, r] of results.entries()) {
      expect(r).toMatchObject({
        deviceId: 'dev-a',
        at: body.records[i]!.at,
        status: 'scored',
        isAttack: expected[i]! >= detector.threshold,
      });
    }
  });

  it('turns alarms into attack_score evidence that quarantines the device; unknown devices are not scored', async () => {
    const { post, trust } = setup(undefined, 0.97);
    const res = await post({
      records: [...batch('dev-a', 12).records, { ...batch('ghost', 1).records[0]! }],
    });
    expect(res.statusCode).toBe(200);
    const { results } = res.json();
    expect(results.at(-1)).toEqual({ deviceId: 'ghost', at: 9_000_000, status: 'unknown-device' });
    expect(results.slice(0, 12).every((r: { evidence: boolean }) => r.evidence)).toBe(true);
    const x = trust.explain('dev-a');
    expect(x.counts.attack_score).toBe(12);
    expect(x.quarantined).toBe(true);
    expect(x.quarantine?.reason).toMatch(/attack detector alarms/);
    expect(trust.list().map((d) => d.deviceId)).toEqual(['dev-a']);
  });
});
