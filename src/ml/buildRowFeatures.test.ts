import { describe, expect, it } from 'vitest';
import {
  BASELINE_FEATURE_SPEC,
  buildFeatureMatrix,
  buildRowFeatures,
  createFeatureState,
  DEFAULT_FEATURE_SPEC,
  featureNames,
} from './buildRowFeatures.ts';
import { syntheticRows } from './syntheticRows.ts';

describe('buildRowFeatures', () => {
  const rows = syntheticRows(120, 3);

  it('names every feature it computes', () => {
    const x = buildFeatureMatrix(rows, DEFAULT_FEATURE_SPEC);
    expect(x[50]).toHaveLength(featureNames(DEFAULT_FEATURE_SPEC).length);
    expect(buildFeatureMatrix(rows, BASELINE_FEATURE_SPEC)[50]).toHaveLength(
      featureNames(BASELINE_FEATURE_SPEC).length,
    );
    expect(featureNames(DEFAULT_FEATURE_SPEC).length).toBeGreaterThan(
      featureNames(BASELINE_FEATURE_SPEC).length,
    );
  });

  it('never uses identifier columns', () => {
    const names = featureNames(DEFAULT_FEATURE_SPEC).join(' ');
    for (const banned of ['SrcMac', 'DstMac', 'SrcAddr', 'DstAddr', 'Sport', 'Dport', 'Packet_num']) {
      expect(names).not.toContain(banned);
    }
  });

  it('is causal: changing a later row never changes the features of earlier rows', () => {
    const before = buildFeatureMatrix(rows, DEFAULT_FEATURE_SPEC);
    const changed = rows.map((r, i) => (i === 80 ? { ...r, Pulse_Rate: 190, SIntPkt: 400, Flgs: 'M' } : r));
    const after = buildFeatureMatrix(changed, DEFAULT_FEATURE_SPEC);
    expect(after.slice(0, 80)).toEqual(before.slice(0, 80));
    // The changed row and the rows that follow it (within the window) do see the change.
    expect(after[80]).not.toEqual(before[80]);
    expect(after[81]).not.toEqual(before[81]);
  });

  it('computes temporal context: a jump shows against the rows before it', () => {
    const names = featureNames(DEFAULT_FEATURE_SPEC);
    const steady = rows.slice(0, 40).map((r) => ({ ...r, Pulse_Rate: 70 }));
    const x = buildFeatureMatrix([...steady, { ...steady[0]!, Pulse_Rate: 100 }], DEFAULT_FEATURE_SPEC);
    const last = x[40]!;
    expect(last[names.indexOf('Pulse_Rate_d1')]).toBe(30);
    expect(last[names.indexOf('Pulse_Rate_meanLong')]).toBe(70);
  });

  it('gives the streaming path (one row at a time) the batch features', () => {
    const state = createFeatureState(DEFAULT_FEATURE_SPEC);
    const streamed = rows.map((r) => buildRowFeatures(state, r));
    expect(streamed).toEqual(buildFeatureMatrix(rows, DEFAULT_FEATURE_SPEC));
    expect(state.history.length).toBe(DEFAULT_FEATURE_SPEC.longWindow);
  });
});
