import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttackDetector, loadAttackDetector } from '../ml/index.ts';
import { DEFAULT_ATTACK_MODEL_PATH } from '../ml/paths.ts';
import { syntheticRows } from '../ml/syntheticRows.ts';
import { FLOW_COLUMNS, VITAL_COLUMNS } from '../ml/wustlColumns.ts';
import type { Evidence } from '../trust/index.ts';
import { acceptedReading } from '../trust/testing.ts';
import { createFlowScorer, type FlowFeatures } from './createFlowScorer.ts';
import { createVitalsTracker } from './createVitalsTracker.ts';
import { loadOrCreateSensorToken, SENSOR_TOKEN_FILE, sensorTokenCheck } from './sensorToken.ts';

const flowOf = (row: Record<string, unknown>): FlowFeatures =>
  Object.fromEntries([...FLOW_COLUMNS, 'Dir', 'Flgs'].map((c) => [c, row[c]])) as FlowFeatures;

describe('createVitalsTracker', () => {
  it('keeps each device’s latest value per WUSTL column and 0 for what it never sent', () => {
    const v = createVitalsTracker();
    v.onAccepted([
      acceptedReading('oxi-1', 'p1', 'heartRate', 80, 1),
      acceptedReading('oxi-1', 'p1', 'spo2', 97, 2),
      acceptedReading('oxi-1', 'p1', 'heartRate', 84, 3),
      acceptedReading('mon-1', 'p1', 'bloodPressure', { systolic: 121, diastolic: 77 }, 3),
    ]);
    expect(v.vitalsOf('oxi-1')).toEqual({
      Temp: 0,
      SpO2: 97,
      Pulse_Rate: 84,
      SYS: 0,
      DIA: 0,
      Heart_rate: 84,
      Resp_Rate: 0,
      ST: 0,
    });
    expect(v.vitalsOf('mon-1')).toMatchObject({ SYS: 121, DIA: 77, Heart_rate: 0 });
    expect(Object.values(v.vitalsOf('nobody'))).toEqual(VITAL_COLUMNS.map(() => 0));
  });
});

describe('createFlowScorer with the committed detector', () => {
  let detector: AttackDetector;
  beforeAll(async () => {
    detector = await loadAttackDetector(DEFAULT_ATTACK_MODEL_PATH);
  });
  afterAll(() => detector.free());

  it('scores each device against its own flow context joined with its own latest vitals', () => {
    const vitals = createVitalsTracker();
    vitals.onAccepted([acceptedReading('dev-a', 'p1', 'heartRate', 91, 1)]);
    const scorer = createFlowScorer({ detector, trust: { addEvidence: () => {} }, vitals });
    const a = syntheticRows(40, 3);
    const b = syntheticRows(40, 9);
    const records = a.flatMap((row, i) => [
      { deviceId: 'dev-a', at: i, flow: flowOf(row) },
      { deviceId: 'dev-b', at: i, flow: flowOf(b[i]!) },
    ]);
    const out = scorer.score(records);
    const expectA = detector.score(a.map((r) => ({ ...r, ...vitals.vitalsOf('dev-a') })));
    const expectB = detector.score(b.map((r) => ({ ...r, ...vitals.vitalsOf('dev-b') })));
    const scoresOf = (id: string) =>
      out.filter((r) => r.deviceId === id).map((r) => (r.status === 'scored' ? r.score : Number.NaN));
    expect(scoresOf('dev-a')).toEqual(expectA);
    expect(scoresOf('dev-b')).toEqual(expectB);
    // The joined vitals matter: dev-a with all-zero vitals would score differently somewhere.
    const zero = detector.score(a.map((r) => ({ ...r, ...vitals.vitalsOf('nobody') })));
    expect(zero).not.toEqual(expectA);
    expect(scorer.devices).toBe(2);
  });
});

describe('createFlowScorer evidence', () => {
  // The committed feature spec with a stand-in booster scoring a row as SrcBytes / 1000 (feature 0).
  let detector: AttackDetector;
  beforeAll(async () => {
    const { featureSpec } = JSON.parse(await readFile(DEFAULT_ATTACK_MODEL_PATH, 'utf8'));
    detector = {
      model: { threshold: 0.5, featureSpec },
      booster: { predict: (x: number[][]) => x.map((f) => f[0]! / 1000) },
    } as unknown as AttackDetector;
  });

  it('hands one attack_score item per alarm to trust, never dated after the gateway clock', () => {
    const added: Evidence[][] = [];
    const scorer = createFlowScorer({
      detector,
      trust: { addEvidence: (items) => added.push([...items]) },
      vitals: createVitalsTracker(),
      isKnownDevice: (id) => id !== 'ghost',
      now: () => 5_000,
    });
    const row = syntheticRows(1, 1)[0]!;
    const out = scorer.score([
      { deviceId: 'dev-a', at: 1_000, flow: { ...flowOf(row), SrcBytes: 900 } },
      { deviceId: 'dev-a', at: 9_000, flow: { ...flowOf(row), SrcBytes: 700 } },
      { deviceId: 'dev-b', at: 2_000, flow: { ...flowOf(row), SrcBytes: 100 } },
      { deviceId: 'ghost', at: 2_000, flow: { ...flowOf(row), SrcBytes: 999 } },
    ]);
    expect(out.map((r) => r.status)).toEqual(['scored', 'scored', 'scored', 'unknown-device']);
    expect(out.map((r) => (r.status === 'scored' ? r.evidence : null))).toEqual([true, true, false, null]);
    expect(added).toEqual([
      [
        { deviceId: 'dev-a', kind: 'attack_score', at: 1_000, strength: 0.9 },
        { deviceId: 'dev-a', kind: 'attack_score', at: 5_000, strength: 0.7 },
      ],
    ]);
  });
});

describe('sensor token', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-sensor-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is created once with mode 0600, then read back; the check accepts only that token', async () => {
    const first = await loadOrCreateSensorToken(dir);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await stat(join(dir, SENSOR_TOKEN_FILE))).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateSensorToken(dir);
    expect(again.token).toBe(first.token);
    const check = sensorTokenCheck(first.token);
    expect(check(first.token)).toBe(true);
    expect(check(`${first.token}x`)).toBe(false);
    expect(check('')).toBe(false);
    expect(check(undefined)).toBe(false);
  });

  it('refuses a token file holding a short token', async () => {
    const other = await mkdtemp(join(tmpdir(), 'vigil-sensor-'));
    try {
      await writeFile(join(other, SENSOR_TOKEN_FILE), 'short\n');
      await expect(loadOrCreateSensorToken(other)).rejects.toMatchObject({ code: 'VIGIL_SENSOR_TOKEN' });
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
