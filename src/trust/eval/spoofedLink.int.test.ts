import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AttackDetector,
  DEFAULT_ATTACK_MODEL_PATH,
  DEFAULT_WUSTL_PATH,
  loadAttackDetector,
} from '../../ml/index.ts';
import { runTrustEval } from './runTrustEval.ts';
import { loadSpoofedLinkRows } from './spoofedLinkFlows.ts';

const available = existsSync(DEFAULT_WUSTL_PATH);
const run = available || process.env.CI === 'true';
if (!run) console.log(`skipped: spoofed-link scenario needs ../shared/data (${DEFAULT_WUSTL_PATH})`);

describe('the spoofed-link scenario without flow data', () => {
  it('is skipped with its reason and the other scenarios still run', async () => {
    const rows = await loadSpoofedLinkRows('/nonexistent/wustl.csv.gz');
    if (!('skipped' in rows)) throw new Error('a missing file must be a skip');
    expect(rows.skipped).toContain('/nonexistent/wustl.csv.gz');
    const r = await runTrustEval({ honestPatients: 1, minutes: 30, onsetMinute: 20, flows: rows });
    expect(r.skipped).toEqual([{ name: 'spoofed-link', reason: rows.skipped }]);
    expect(r.scenarios.map((s) => s.name)).not.toContain('spoofed-link');
    expect(r.flows).toBeUndefined();
  }, 60_000);
});

describe.skipIf(!run)('the spoofed-link scenario on WUSTL-EHMS-2020 flow records', () => {
  let detector: AttackDetector;
  beforeAll(async () => {
    detector = await loadAttackDetector(DEFAULT_ATTACK_MODEL_PATH);
  });
  afterAll(() => detector?.free());

  it("quarantines the spoofed link's device on detector alarms alone and no honest device", async () => {
    const rows = await loadSpoofedLinkRows();
    if ('skipped' in rows) throw new Error(rows.skipped);
    expect(rows.attack.length).toBeGreaterThan(1000);
    const r = await runTrustEval({
      honestPatients: 3,
      minutes: 180,
      onsetMinute: 120,
      flows: { ...rows, detector, vitals: 'device' },
    });
    expect(r.skipped).toEqual([]);
    const s = r.scenarios.find((x) => x.name === 'spoofed-link')!;
    expect(s.quarantined).toBe(true);
    // Its signed readings are honest: only the detector's alarms on its link can have done it.
    expect(s.reason).toMatch(/^trust [0-9.]+ < [0-9.]+: attack detector alarms$/);
    expect(s.flowsUntilQuarantine).toBeGreaterThan(0);
    expect(s.readingsUntilQuarantine).toBeLessThanOrEqual(60);
    expect(s.collateral).toEqual([]);
    expect(r.flows!.alarms.attackerBeforeOnset).toBe(0);
    expect(r.flows!.alarms.attackerSinceOnset).toBeGreaterThan(0);
    expect(r.flows!.alarms.attackerSinceOnset).toBeLessThanOrEqual(s.flowsUntilQuarantine!);
    expect(r.honest.quarantined).toEqual([]);
    // Normal flows leave honest devices without attack evidence enough to matter.
    expect(r.flows!.alarms.honest).toBeLessThan(r.flows!.scored / 1000);
  }, 120_000);
});
