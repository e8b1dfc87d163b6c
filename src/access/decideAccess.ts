import { liveBreakGlass } from './breakGlass.ts';
import type { ConsentChain } from './consentChain.ts';
import type { AccessDb, ConsentScope, Principal } from './types.ts';

/** The outcome of an access decision (the reason goes to the audit trail; no values in it). */
export type AccessDecision = { allowed: boolean; reason: string; breakGlass: boolean };

/**
 * Decides whether `principal` may read `scope` data of `patient` right now: a patient only their own;
 * a clinician with a live consent on chain (to them or their organisation) or a live break-glass;
 * admins and auditors never read patient data.
 */
export async function decideAccess(
  deps: { db: AccessDb; consent: ConsentChain; now: number },
  principal: Principal,
  params: { patient: string; scope: ConsentScope },
): Promise<AccessDecision> {
  const { patient, scope } = params;
  const deny = (reason: string): AccessDecision => ({ allowed: false, reason, breakGlass: false });
  switch (principal.role) {
    case 'patient':
      return principal.patient === patient
        ? { allowed: true, reason: 'self', breakGlass: false }
        : deny('patients read only their own record');
    case 'admin':
      return deny('admins do not read patient data');
    case 'auditor':
      return deny('auditors read audit trails only');
    case 'clinician': {
      if (
        principal.grantee &&
        (await deps.consent.hasConsent({ patient, grantee: principal.grantee, scope }))
      ) {
        return { allowed: true, reason: `consent ${scope} to ${principal.grantee}`, breakGlass: false };
      }
      if (
        principal.organisation &&
        (await deps.consent.hasConsent({ patient, grantee: principal.organisation, scope }))
      ) {
        return { allowed: true, reason: `consent ${scope} to ${principal.organisation}`, breakGlass: false };
      }
      if (scope !== 'research' && principal.grantee) {
        const until = await liveBreakGlass(deps.db, { grantee: principal.grantee, patient, now: deps.now });
        if (until !== null) {
          return {
            allowed: true,
            reason: `BREAK-GLASS until ${new Date(until).toISOString()}`,
            breakGlass: true,
          };
        }
      }
      return deny(`no live consent for ${scope}`);
    }
  }
}
