import type { ConsentChain, ConsentRecord } from './consentChain.ts';

/** Consents per patient, followed from chain events (for listing; access checks read chain state). */
export type ConsentCache = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Catches up with the chain now. */
  sync(): Promise<void>;
  /** The latest record of every (grantee, scope) of `patient`, or of every patient. */
  list(patient?: string): ConsentRecord[];
};

/** Follows ConsentGranted/ConsentRevoked events every `pollMs` (default 1 s, about one block). */
export function createConsentCache(params: { consent: ConsentChain; pollMs?: number }): ConsentCache {
  const latest = new Map<string, ConsentRecord>();
  let next = 0n;
  let timer: NodeJS.Timeout | undefined;
  let syncing: Promise<void> | undefined;
  const sync = () => {
    syncing ??= (async () => {
      try {
        const { records, toBlock } = await params.consent.events(next);
        for (const r of records) {
          const prev = latest.get(r.id);
          // A revocation keeps the expiry and time of the grant it revokes.
          latest.set(
            r.id,
            r.revoked
              ? { ...r, expiresAt: prev?.expiresAt ?? 0, grantedAt: prev?.grantedAt ?? prev?.at }
              : { ...r, grantedAt: r.at },
          );
        }
        next = toBlock + 1n;
      } finally {
        syncing = undefined;
      }
    })();
    return syncing;
  };
  return {
    async start() {
      await sync();
      timer = setInterval(() => void sync().catch(() => undefined), params.pollMs ?? 1000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await syncing?.catch(() => undefined);
    },
    sync,
    list: (patient) => [...latest.values()].filter((r) => patient === undefined || r.patient === patient),
  };
}
