import { Type } from '@sinclair/typebox';
import { AccessDeniedError, type AccessService, type Principal } from '../../access/index.ts';
import type { VerifyStoreReturnType } from '../../integrity/verifyStore.ts';
import type { Store } from '../../store/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { authenticate, BEARER, ERRORS, principalOf, useAccessErrors } from './accessSupport.ts';

/** Dependencies of {@link ledgerRoutes}. */
export type LedgerRoutesOptions = {
  access: AccessService;
  store: Pick<Store, 'listBatches'>;
  /** Runs the store verification against the chain (`verifyStore`) and returns its report. */
  verify: (mode: 'full' | 'fast') => Promise<VerifyStoreReturnType>;
};

const hex = (b: Buffer) => `0x${b.toString('hex')}`;

/**
 * `GET /v1/ledger/batches` (latest batches with their anchor tx and block) and `POST /v1/ledger/verify`
 * (re-derives every batch from the store and compares with the chain). Admins and auditors only.
 */
export async function ledgerRoutes(app: VigilApp, options: LedgerRoutesOptions): Promise<void> {
  const { access } = options;
  useAccessErrors(app);
  app.addHook('onRequest', authenticate(access));
  const guard = async (p: Principal, action: string) => {
    const allowed = p.role === 'admin' || p.role === 'auditor';
    await access.audit({
      actor: p.username,
      role: p.role,
      patient: null,
      resource: 'ledger',
      action,
      outcome: allowed ? 'allowed' : 'denied',
      reason: allowed ? p.role : 'admins and auditors only',
    });
    if (!allowed) throw new AccessDeniedError('the ledger panel is for admins and auditors');
  };
  app.get(
    '/v1/ledger/batches',
    {
      schema: {
        tags: ['access'],
        summary: 'Latest Merkle batches of this gateway with their anchoring transaction',
        security: BEARER,
        querystring: Type.Object({ _count: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
        response: { 200: Type.Unknown(), ...ERRORS },
      },
    },
    async (request) => {
      await guard(principalOf(request), 'search');
      // The store lists batches oldest first; the panel wants the newest.
      const all = await options.store.listBatches({ limit: 1_000_000 });
      return {
        total: all.length,
        batches: all
          .slice(-(request.query._count ?? 20))
          .reverse()
          .map((b) => ({
            gatewayId: b.gatewayId,
            seq: b.seq,
            root: hex(b.root),
            prevRoot: hex(b.prevRoot),
            count: b.count,
            createdAt: new Date(b.createdAt).toISOString(),
            status: b.status,
            anchorTx: b.anchorTx,
            anchorBlock: b.anchorBlock,
            anchoredAt: b.anchoredAt === null ? null : new Date(b.anchoredAt).toISOString(),
          })),
      };
    },
  );
  app.post(
    '/v1/ledger/verify',
    {
      schema: {
        tags: ['access'],
        summary: 'Verify the store against the chain (every batch re-derived) and return the report',
        security: BEARER,
        body: Type.Optional(
          Type.Object({ mode: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('fast')])) }),
        ),
        response: { 200: Type.Unknown(), ...ERRORS },
      },
    },
    async (request) => {
      await guard(principalOf(request), 'verify');
      const report = await options.verify(request.body?.mode ?? 'full');
      return { ...report, issues: report.issues.slice(0, 50), erasedReadings: report.erasedReadings.length };
    },
  );
}
