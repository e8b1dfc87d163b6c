import { describe, expect, it } from 'vitest';
import { canonicalize } from '../identity/canonicalize.ts';
import { formatQuarantineReason } from './formatQuarantineReason.ts';
import { explainReputation } from './reputation/explainReputation.ts';
import { DEFAULT_REPUTATION_PARAMETERS } from './reputation/types.ts';
import { evidenceDigest, summarizeEvidence } from './summarizeEvidence.ts';
import { loadTrustState, saveTrustState } from './trustState.ts';

const rep = {
  r: 10.1234567891,
  s: 24,
  at: 1000,
  contributions: { good_reading: 10.1234567891, signature_invalid: 12, replay: 8, gap: 4 },
  counts: { good_reading: 11, signature_invalid: 1, replay: 1, gap: 8 },
};

describe('summarizeEvidence / evidenceDigest', () => {
  it('rounds to 6 decimals and hashes the canonical JSON, so the digest is reproducible', async () => {
    const summary = summarizeEvidence({ deviceId: 'd', rep, scoreBp: 3333, quarantined: true });
    expect(summary.r).toBe(10.123457);
    const { createHash } = await import('node:crypto');
    expect(evidenceDigest(summary)).toBe(
      `0x${createHash('sha256').update(canonicalize(summary)).digest('hex')}`,
    );
    const again = summarizeEvidence({
      deviceId: 'd',
      rep: { ...rep, r: 10.12345679 },
      scoreBp: 3333,
      quarantined: true,
    });
    expect(evidenceDigest(again)).toBe(evidenceDigest(summary));
    expect(evidenceDigest({ ...summary, scoreBp: 3334 })).not.toBe(evidenceDigest(summary));
  });
});

describe('formatQuarantineReason', () => {
  it('names the three most influential negative kinds and stays within 256 bytes', () => {
    const { opinion, items } = explainReputation(rep, DEFAULT_REPUTATION_PARAMETERS);
    const reason = formatQuarantineReason(opinion.trust, 0.4, items);
    expect(reason).toBe(`trust ${opinion.trust.toFixed(3)} < 0.40: signature failures, replays, silences`);
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(256);
  });
});

describe('trust state', () => {
  it('round-trips through the store meta and rejects foreign content', async () => {
    const meta = new Map<string, string>();
    const store = {
      setMeta: async (k: string, v: string) => void meta.set(k, v),
      getMeta: async (k: string) => meta.get(k) ?? null,
    };
    expect(await loadTrustState(store)).toEqual({ v: 1, savedAt: 0, devices: [], pending: [] });
    const state = {
      v: 1 as const,
      savedAt: 5,
      devices: [{ deviceId: 'd', rep, quarantined: false, reinstatements: [] }],
      pending: [],
    };
    await saveTrustState(store, state);
    expect(await loadTrustState(store)).toEqual(state);
    meta.set('trust.state.v1', '{"v":2}');
    await expect(loadTrustState(store)).rejects.toMatchObject({ code: 'VIGIL_TRUST_STATE_INVALID' });
  });
});
