import { cpus } from 'node:os';
import { appendAudit } from './audit.ts';
import { createLedgerConsent } from './consentChain.ts';
import { decideAccess } from './decideAccess.ts';
import { hashPassword } from './passwords.ts';
import { openAccessHarness } from './testing/accessHarness.ts';
import type { Principal } from './types.ts';
import { verifyAudit } from './verifyAudit.ts';

export type BenchAccessParameters = { auditEntries?: number; checks?: number; hashes?: number };

export type BenchAccessReturnType = {
  machine: { cpus: number; model: string; node: string };
  scryptHashMs: number;
  consentChecksPerSecond: number;
  auditAppendsPerSecond: number;
  auditSealAnchorMs: number;
  auditVerifyEntriesPerSecond: number;
  auditEntries: number;
};

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/**
 * Measures the costs of the access layer on a temporary SQLite store and embedded chain: one scrypt hash,
 * request-time consent checks (a clinician with consent: one chain read), audit appends, sealing + anchoring
 * one batch, and `verifyAudit` over it.
 */
export async function benchAccess(params: BenchAccessParameters = {}): Promise<BenchAccessReturnType> {
  const n = params.auditEntries ?? 20_000;
  const checks = params.checks ?? 500;
  const hashes = params.hashes ?? 5;
  const h = await openAccessHarness();
  try {
    let t0 = process.hrtime.bigint();
    for (let i = 0; i < hashes; i++) await hashPassword(`password-${i}-long-enough`);
    const scryptHashMs = (seconds(t0) * 1000) / hashes;

    const consent = createLedgerConsent(h.chain);
    await consent.grant({
      patient: 'p-1',
      grantee: 'clin-x',
      scope: 'read:vitals',
      expiresAt: Date.now() + 3600_000,
    });
    const clinician: Principal = {
      username: 'x',
      role: 'clinician',
      patient: null,
      grantee: 'clin-x',
      organisation: 'org-x',
    };
    t0 = process.hrtime.bigint();
    for (let i = 0; i < checks; i++) {
      const d = await decideAccess({ db: h.access.db, consent, now: Date.now() }, clinician, {
        patient: 'p-1',
        scope: 'read:vitals',
      });
      if (!d.allowed) throw new Error('bench: consent check refused');
    }
    const consentChecksPerSecond = Math.round(checks / seconds(t0));

    t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      await appendAudit(h.access.db, {
        at: Date.now(),
        actor: `user-${i % 50}`,
        role: 'clinician',
        patient: `p-${i % 200}`,
        resource: 'Observation',
        action: 'search',
        outcome: 'allowed',
        reason: 'consent read:vitals to clin-x',
      });
    }
    const auditAppendsPerSecond = Math.round(n / seconds(t0));
    t0 = process.hrtime.bigint();
    await h.access.flushAudit();
    const auditSealAnchorMs = Math.round(seconds(t0) * 1000);
    t0 = process.hrtime.bigint();
    const r = await verifyAudit(h.access.db, h.chain, h.store.gatewayId);
    if (!r.ok) throw new Error('bench: audit did not verify');
    const auditVerifyEntriesPerSecond = Math.round(r.entries.checked / seconds(t0));
    return {
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
      scryptHashMs: Math.round(scryptHashMs),
      consentChecksPerSecond,
      auditAppendsPerSecond,
      auditSealAnchorMs,
      auditVerifyEntriesPerSecond,
      auditEntries: n,
    };
  } finally {
    await h.close();
  }
}
