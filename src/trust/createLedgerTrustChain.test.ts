import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChain, type TestChain } from '../../test/support/testChains.ts';
import { toBytes32Id } from '../identity/ids.ts';
import { type ChainContext, ensureDeployed, getContractEvents, readContract } from '../ledger/index.ts';
import { createLedgerTrustChain } from './createLedgerTrustChain.ts';
import { createTrustService } from './createTrustService.ts';

describe('trust on the embedded chain', () => {
  let chain: TestChain;
  let ctx: ChainContext;
  beforeAll(async () => {
    chain = await startTestChain('embedded');
    ctx = await ensureDeployed(chain.ledger);
  }, 120_000);
  afterAll(() => chain?.stop());

  it('quarantines, commits every changed score in one transaction, and reinstates, as chain events', async () => {
    const service = createTrustService({ chain: createLedgerTrustChain(ctx), now: () => 1_000 });
    service.addEvidence([
      ...Array.from({ length: 30 }, (_, i) => ({
        deviceId: `dev-${i}`,
        kind: 'good_reading' as const,
        at: 1_000,
      })),
      { deviceId: 'dev-bad', kind: 'signature_invalid', at: 1_000 },
      { deviceId: 'dev-bad', kind: 'replay', at: 1_000 },
    ]);
    const report = await service.flush();
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ actionsDone: 1, committed: 31 });
    expect(report.transactions).toHaveLength(1);

    const committed = await getContractEvents(ctx, 'trustRegistry', 'TrustScoreCommitted');
    expect(committed).toHaveLength(31);
    expect(new Set(committed.map((e) => e.transactionHash))).toEqual(new Set(report.transactions));
    const bad = service.explain('dev-bad');
    const onChain = await readContract(ctx, 'trustRegistry', 'getTrust', [toBytes32Id('dev-bad')]);
    expect(onChain.score).toBe(bad.scoreBp);
    expect(onChain.evidenceDigest).toBe(bad.digest);
    expect(onChain.quarantined).toBe(true);

    const [q] = await getContractEvents(ctx, 'trustRegistry', 'DeviceQuarantined');
    expect(q!.args.deviceId).toBe(toBytes32Id('dev-bad'));
    expect(q!.args.reason).toMatch(/^trust 0\.\d{3} < 0\.40: signature failures, replays$/);

    // Quarantining again on chain is treated as done, not as a failure.
    await expect(createLedgerTrustChain(ctx).quarantine('dev-bad', 'again')).resolves.toBeUndefined();

    const { report: after } = await service.reinstate('dev-bad', 'key rotated by admin');
    expect(after.errors).toEqual([]);
    const [r] = await getContractEvents(ctx, 'trustRegistry', 'DeviceReinstated');
    expect(r!.args.reason).toBe('key rotated by admin');
    expect(await readContract(ctx, 'trustRegistry', 'isQuarantined', [toBytes32Id('dev-bad')])).toBe(false);
  }, 120_000);
});
