import {
  type AccessService,
  breakGlassPatients,
  decideAccess,
  liveBreakGlass,
  type Principal,
} from '../../access/index.ts';

/** What a caller may see of one patient on the ward: each consent scope on its own. */
export type WardAccess = {
  vitals: boolean;
  alerts: boolean;
  /** True when the access rests on an emergency (break-glass) grant. */
  breakGlass: boolean;
  /** Expiry of the break-glass grant (ms), when it is one. */
  expiresAt?: number;
  /** Why (for the audit trail; no values). */
  reason: string;
};

/** The patients a caller might see on the ward (candidates; each is confirmed with {@link decideWardAccess}). */
export async function wardCandidates(access: AccessService, p: Principal): Promise<string[]> {
  if (p.role === 'patient') return p.patient ? [p.patient] : [];
  if (p.role !== 'clinician') return [];
  const now = access.now();
  const consented = access.consents
    .list()
    .filter(
      (c) =>
        !c.revoked &&
        c.expiresAt > now &&
        c.scope !== 'research' &&
        (c.grantee === p.grantee || c.grantee === p.organisation),
    )
    .map((c) => c.patient);
  const glass = p.grantee ? await breakGlassPatients(access.db, p.grantee, now) : [];
  return [...new Set([...consented, ...glass])].sort();
}

/**
 * Decides, at this moment, whether `p` may see `patient`'s vitals and alerts: two independent consent
 * scopes (revoking vitals leaves the alerts a patient still shares), or a live break-glass for both.
 */
export async function decideWardAccess(
  access: AccessService,
  p: Principal,
  patient: string,
): Promise<WardAccess> {
  const deps = { db: access.db, consent: access.consent, now: access.now() };
  const [vitals, alerts] = await Promise.all([
    decideAccess(deps, p, { patient, scope: 'read:vitals' }),
    decideAccess(deps, p, { patient, scope: 'read:alerts' }),
  ]);
  const breakGlass = vitals.breakGlass || alerts.breakGlass;
  const expiresAt =
    breakGlass && p.grantee
      ? await liveBreakGlass(access.db, { grantee: p.grantee, patient, now: deps.now })
      : null;
  return {
    vitals: vitals.allowed,
    alerts: alerts.allowed,
    breakGlass,
    ...(expiresAt === null ? {} : { expiresAt }),
    reason: vitals.allowed || !alerts.allowed ? vitals.reason : alerts.reason,
  };
}
