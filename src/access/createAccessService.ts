import { isValidId } from '../identity/ids.ts';
import type { ChainContext } from '../ledger/index.ts';
import { type AuditEntryInput, appendAudit } from './audit.ts';
import { anchorAuditBatches, sealAuditBatch } from './auditBatches.ts';
import { createBreakGlass } from './breakGlass.ts';
import type { ConsentChain } from './consentChain.ts';
import { type ConsentCache, createConsentCache } from './createConsentCache.ts';
import { createRefusalAudit, type RefusedAuthentication } from './createRefusalAudit.ts';
import { type AccessDecision, decideAccess } from './decideAccess.ts';
import { AccessDeniedError, AccessError } from './errors.ts';
import { issueToken, type LockoutSettings, resolveToken, revokeToken } from './sessions.ts';
import type { AccessDb, ConsentScope, Principal } from './types.ts';
import { getUser } from './users.ts';
import { type VerifyAuditReturnType, verifyAudit } from './verifyAudit.ts';

/** Something the access service did in the background (logged by the gateway; no PHI). */
export type AccessEvent =
  | { type: 'audit-anchored'; seqs: number[] }
  | { type: 'audit-error'; code: string; message: string };

export type CreateAccessServiceParameters = {
  db: AccessDb;
  consent: ConsentChain;
  gatewayId: string;
  /** AuditLog anchoring; audit batches stay pending without it. */
  chain?: ChainContext | undefined;
  /** Seal and anchor the audit trail every `auditIntervalMs` (default 5 s) while started. */
  auditIntervalMs?: number;
  consentPollMs?: number;
  /** Failed sign-ins before an account locks, and for how long (default 5, 15 minutes). */
  lockout?: LockoutSettings;
  /** Refused authentications audited one by one per address and window (default 60 per minute). */
  refusalAudit?: { perAddress: number; windowMs: number };
  now?: () => number;
  onEvent?: (e: AccessEvent) => void;
};

/** Users, sessions, consent checks and the audit trail, as the API uses them. */
export type AccessService = {
  readonly db: AccessDb;
  readonly consent: ConsentChain;
  readonly consents: ConsentCache;
  readonly gatewayId: string;
  now(): number;
  /** Signs in; every attempt is audited (a refused one with the caller's `address` when given). */
  login(
    username: string,
    password: string,
    context?: { address?: string | undefined },
  ): Promise<{ token: string; expiresAt: number; principal: Principal }>;
  authenticate(token: string): Promise<Principal>;
  logout(token: string): Promise<boolean>;
  /** Appends an audit entry (who/what/when/outcome/why). */
  audit(entry: Omit<AuditEntryInput, 'at'>): Promise<void>;
  /** Audits a refused authentication with the client address (bounded per address and window). */
  auditRefusal(refused: RefusedAuthentication): Promise<void>;
  /**
   * Checks (at request time) and audits a read of `patient`'s `scope` data; throws
   * {@link AccessDeniedError} (audited as denied) when not allowed.
   */
  authorize(
    principal: Principal,
    params: { patient: string; scope: ConsentScope; resource: string; action: string },
  ): Promise<AccessDecision>;
  /** A clinician's emergency access for one hour, audited loudly. */
  breakGlass(principal: Principal, patient: string, reason: string): Promise<{ expiresAt: number }>;
  /** Seals pending audit entries into a batch and anchors pending batches (when a chain is set). */
  flushAudit(): Promise<{ sealed: number | null; anchored: number[] }>;
  /** Re-derives every audit batch and compares it with AuditLog on chain (needs the chain). */
  verifyAuditTrail(): Promise<VerifyAuditReturnType>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** Builds the access service from its dependencies. */
export function createAccessService(params: CreateAccessServiceParameters): AccessService {
  const { db, consent, gatewayId } = params;
  const now = params.now ?? Date.now;
  const consents = createConsentCache({
    consent,
    ...(params.consentPollMs ? { pollMs: params.consentPollMs } : {}),
  });
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<{ sealed: number | null; anchored: number[] }> | undefined;

  const audit = async (entry: Omit<AuditEntryInput, 'at'>) => {
    await appendAudit(db, { ...entry, at: now() });
  };

  const auditRefusal = createRefusalAudit({ audit, now, ...params.refusalAudit });

  const flushAudit = () => {
    flushing ??= (async () => {
      try {
        const batch = await sealAuditBatch(db, { gatewayId, now: now() });
        const anchored = params.chain ? (await anchorAuditBatches(db, params.chain, gatewayId)).anchored : [];
        if (anchored.length) params.onEvent?.({ type: 'audit-anchored', seqs: anchored });
        return { sealed: batch?.seq ?? null, anchored };
      } finally {
        flushing = undefined;
      }
    })();
    return flushing;
  };

  return {
    db,
    consent,
    consents,
    gatewayId,
    now,
    async login(username, password, context = {}) {
      try {
        const r = await issueToken(db, {
          username,
          password,
          now: now(),
          ...(params.lockout ? { lockout: params.lockout } : {}),
        });
        await audit({
          actor: username,
          role: r.principal.role,
          patient: null,
          resource: 'auth',
          action: 'login',
          outcome: 'allowed',
          reason: 'password',
        });
        return r;
      } catch (error) {
        const code = error instanceof AccessError ? error.code : 'VIGIL_INTERNAL';
        // An unknown name may be a password typed in the wrong field: it is not recorded.
        const known = (await getUser(db, username).catch(() => null)) !== null;
        await audit({
          actor: known ? username : '(unknown user)',
          role: 'anonymous',
          patient: null,
          resource: 'auth',
          action: 'login',
          outcome: 'denied',
          reason: context.address === undefined ? code : `${code} from ${context.address}`,
        });
        throw error;
      }
    },
    authenticate: (token) => resolveToken(db, token, now()),
    logout: (token) => revokeToken(db, token),
    audit,
    auditRefusal,
    async authorize(principal, p) {
      // An id that cannot exist on chain is a bad request, not an access decision (nor a crash).
      if (!isValidId(p.patient)) {
        throw new AccessError(
          'VIGIL_REQUEST_INVALID',
          400,
          'invalid patient pseudonym: 1-31 of A-Z a-z 0-9 . _ -',
          {
            details: { path: '/patient' },
          },
        );
      }
      const decision = await decideAccess({ db, consent, now: now() }, principal, p);
      await audit({
        actor: principal.username,
        role: principal.role,
        patient: p.patient,
        resource: p.resource,
        action: p.action,
        outcome: decision.allowed ? 'allowed' : 'denied',
        reason: decision.reason,
        breakGlass: decision.breakGlass,
      });
      if (!decision.allowed) {
        throw new AccessDeniedError(`access to ${p.resource} of this patient denied: ${decision.reason}`, {
          details: { patient: p.patient, scope: p.scope, reason: decision.reason },
        });
      }
      return decision;
    },
    async breakGlass(principal, patient, reason) {
      if (principal.role !== 'clinician') {
        await audit({
          actor: principal.username,
          role: principal.role,
          patient,
          resource: 'Patient',
          action: 'break-glass',
          outcome: 'denied',
          reason: 'only clinicians may break the glass',
        });
        throw new AccessDeniedError('only clinicians may break the glass');
      }
      const r = await createBreakGlass(db, { principal, patient, reason, now: now() });
      await audit({
        actor: principal.username,
        role: principal.role,
        patient,
        resource: 'Patient',
        action: 'break-glass',
        outcome: 'allowed',
        reason: `BREAK-GLASS until ${new Date(r.expiresAt).toISOString()}: ${reason}`,
        breakGlass: true,
      });
      return r;
    },
    flushAudit,
    async verifyAuditTrail() {
      if (!params.chain)
        throw new AccessError('VIGIL_AUDIT_NO_CHAIN', 409, 'this gateway anchors no audit trail');
      return verifyAudit(db, params.chain, gatewayId);
    },
    async start() {
      await consents.start();
      timer = setInterval(() => {
        flushAudit().catch((error: unknown) => {
          const e = error as { code?: string; message?: string };
          params.onEvent?.({
            type: 'audit-error',
            code: e.code ?? 'VIGIL_INTERNAL',
            message: String(e.message),
          });
        });
      }, params.auditIntervalMs ?? 5000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await flushing?.catch(() => undefined);
      await flushAudit().catch(() => undefined);
      await consents.stop();
    },
  };
}
