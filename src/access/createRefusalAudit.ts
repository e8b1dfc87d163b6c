import type { AuditEntryInput } from './audit.ts';

/** A refused authentication (no token, an unknown, expired or revoked one), as the API reports it. */
export type RefusedAuthentication = {
  /** The client address (never the token). */
  address: string;
  /** What was asked for, e.g. `GET /v1/Patient`. */
  resource: string;
  /** Why it was refused, e.g. `no bearer token`. */
  why: string;
};

/** Parameters of {@link createRefusalAudit}. */
export type CreateRefusalAuditParameters = {
  audit: (entry: Omit<AuditEntryInput, 'at'>) => Promise<void>;
  /** Refusals audited one by one per address and window (default 60 per minute). */
  perAddress?: number;
  windowMs?: number;
  now?: () => number;
};

/**
 * Audits refused authentications with the caller's address, one entry each up to `perAddress` per
 * address and window; beyond that one entry says the rest of the window goes unaudited, so a flood
 * of anonymous requests cannot fill the audit trail (or its anchored batches) at will.
 */
export function createRefusalAudit(params: CreateRefusalAuditParameters) {
  const perAddress = params.perAddress ?? 60;
  const windowMs = params.windowMs ?? 60_000;
  const now = params.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return async (refused: RefusedAuthentication): Promise<void> => {
    const t = now();
    let w = windows.get(refused.address);
    if (!w || t - w.start >= windowMs) {
      // Bounded memory: forget addresses whose window is over once many are tracked.
      if (windows.size >= 10_000)
        for (const [a, x] of windows) if (t - x.start >= windowMs) windows.delete(a);
      w = { start: t, count: 0 };
      windows.set(refused.address, w);
    }
    w.count += 1;
    if (w.count > perAddress + 1) return;
    const last = w.count === perAddress + 1;
    await params.audit({
      actor: '(anonymous)',
      role: 'anonymous',
      patient: null,
      resource: refused.resource,
      action: 'authenticate',
      outcome: 'denied',
      reason: last
        ? `VIGIL_UNAUTHENTICATED from ${refused.address}: more than ${perAddress} refusals this window, the rest until ${new Date(w.start + windowMs).toISOString()} unaudited`
        : `VIGIL_UNAUTHENTICATED from ${refused.address}: ${refused.why}`,
    });
  };
}
