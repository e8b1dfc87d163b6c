import { describe, expect, it } from 'vitest';
import type { ScoreCommit, TrustChain } from './createLedgerTrustChain.ts';
import { createTrustService } from './createTrustService.ts';
import { evidenceDigest } from './summarizeEvidence.ts';
import { loadTrustState } from './trustState.ts';

function fakeChain() {
  const calls: { fn: string; args: unknown }[] = [];
  let down = false;
  const chain: TrustChain = {
    async commitScores(items: readonly ScoreCommit[]) {
      if (down) throw new Error('chain unavailable');
      calls.push({ fn: 'commitScores', args: items.map((i) => ({ ...i })) });
      return { tx: `0xtx${calls.length}`, block: BigInt(calls.length) };
    },
    async quarantine(deviceId, reason) {
      if (down) throw new Error('chain unavailable');
      calls.push({ fn: 'quarantine', args: { deviceId, reason } });
    },
    async reinstate(deviceId, reason) {
      if (down) throw new Error('chain unavailable');
      calls.push({ fn: 'reinstate', args: { deviceId, reason } });
    },
  };
  return { chain, calls, setDown: (v: boolean) => (down = v) };
}

function fakeStore() {
  const meta = new Map<string, string>();
  const flags: { deviceId: string; flag: boolean; sincePos?: number }[] = [];
  return {
    flags,
    meta,
    async setMeta(k: string, v: string) {
      meta.set(k, v);
    },
    async getMeta(k: string) {
      return meta.get(k) ?? null;
    },
    async setQuarantined(deviceId: string, flag: boolean, o: { sincePos?: number } = {}) {
      flags.push({ deviceId, flag, ...o });
      return 0;
    },
  };
}

describe('createTrustService', () => {
  it('commits the scores of many devices in one transaction with their evidence digests', async () => {
    const { chain, calls } = fakeChain();
    const service = createTrustService({ chain, now: () => 1000 });
    service.addEvidence(
      Array.from({ length: 50 }, (_, i) => ({ deviceId: `d${i}`, kind: 'good_reading' as const, at: 1000 })),
    );
    const report = await service.flush();
    expect(report).toMatchObject({ committed: 50, transactions: ['0xtx1'], errors: [] });
    expect(calls).toHaveLength(1);
    const items = calls[0]!.args as ScoreCommit[];
    expect(items).toHaveLength(50);
    const x = service.explain('d7');
    const item = items.find((i) => i.deviceId === 'd7')!;
    expect(item.scoreBp).toBe(Math.round(x.opinion.trust * 10_000));
    expect(item.digest).toBe(evidenceDigest(x.summary));
    // Nothing changed since: no transaction at all.
    expect((await service.flush()).transactions).toEqual([]);
  });

  it('splits very large commits into chunks of commitMaxDevices', async () => {
    const { chain, calls } = fakeChain();
    const service = createTrustService({ chain, config: { commitMaxDevices: 20 }, now: () => 0 });
    service.addEvidence(
      Array.from({ length: 45 }, (_, i) => ({ deviceId: `d${i}`, kind: 'gap' as const, at: 0 })),
    );
    expect((await service.flush()).transactions).toHaveLength(3);
    expect(calls.map((c) => (c.args as unknown[]).length)).toEqual([20, 20, 5]);
  });

  it('keeps quarantines and scores through a chain outage and sends them next period', async () => {
    const { chain, calls, setDown } = fakeChain();
    const store = fakeStore();
    const service = createTrustService({ chain, store, now: () => 5000 });
    const seen: string[] = [];
    service.onChange((c) => seen.push(`${c.type}:${c.deviceId}`));
    setDown(true);
    service.addEvidence([
      { deviceId: 'bad', kind: 'signature_invalid', at: 5000, pos: 42 },
      { deviceId: 'bad', kind: 'signature_invalid', at: 5000, pos: 43 },
      { deviceId: 'ok', kind: 'good_reading', at: 5000 },
    ]);
    expect(seen).toEqual(['quarantine:bad']);
    expect(service.isQuarantined('bad')).toBe(true);
    const failed = await service.flush();
    expect(failed.errors.length).toBeGreaterThan(0);
    expect(failed).toMatchObject({ actionsPending: 1, committed: 0, uncommitted: 2 });
    // The store flag is set at once (from the first suspect reading on), the chain part waits.
    expect(store.flags).toEqual([{ deviceId: 'bad', flag: true, sincePos: 41 }]);
    const persisted = await loadTrustState(store);
    expect(persisted.pending).toHaveLength(1);
    setDown(false);
    const ok = await service.flush();
    expect(ok).toMatchObject({ actionsDone: 1, actionsPending: 0, committed: 2, errors: [] });
    expect(calls.map((c) => c.fn)).toEqual(['quarantine', 'commitScores']);
    expect((calls[0]!.args as { reason: string }).reason).toMatch(/signature failures/);
    expect(store.flags).toHaveLength(1);
  });

  it('restores its state from the store and reinstates with a reason', async () => {
    const { chain, calls } = fakeChain();
    const store = fakeStore();
    const first = createTrustService({ chain, store, now: () => 0 });
    first.addEvidence([
      { deviceId: 'bad', kind: 'replay', at: 0 },
      { deviceId: 'bad', kind: 'replay', at: 0 },
    ]);
    await first.flush();
    const second = createTrustService({ chain, store, now: () => 60_000 });
    await second.start();
    expect(second.isQuarantined('bad')).toBe(true);
    const { change, report } = await second.reinstate('bad', 'firmware reflashed');
    await second.stop();
    expect(change.type).toBe('reinstate');
    expect(report.errors).toEqual([]);
    expect(second.isQuarantined('bad')).toBe(false);
    expect(calls.filter((c) => c.fn !== 'commitScores').map((c) => c.fn)).toEqual([
      'quarantine',
      'reinstate',
    ]);
    expect(store.flags.at(-1)).toEqual({ deviceId: 'bad', flag: false });
    const state = await loadTrustState(store);
    expect(state.devices.find((d) => d.deviceId === 'bad')!.reinstatements[0]!.reason).toBe(
      'firmware reflashed',
    );
  });
});
