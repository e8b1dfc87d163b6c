import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChainContext, createLedger, ensureDeployed, type Ledger } from '../../ledger/index.ts';
import { openStore, type Store } from '../../store/index.ts';
import { createLedgerConsent } from '../consentChain.ts';
import { type AccessService, createAccessService } from '../createAccessService.ts';

/** A temporary store, an embedded chain with the contracts, and an access service over both (tests). */
export type AccessHarness = {
  dir: string;
  store: Store;
  ledger: Ledger;
  chain: ChainContext;
  access: AccessService;
  close(): Promise<void>;
};

/** Opens the harness in a fresh temporary folder (embedded chain, SQLite store, gateway `gw-access`). */
export async function openAccessHarness(): Promise<AccessHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-access-'));
  const store = await openStore({ dataDir: dir, masterKey: '22'.repeat(32), gatewayId: 'gw-access' });
  const ledger = await createLedger({
    dataDir: dir,
    chain: { mode: 'embedded', chainId: 31337, rpcUrl: undefined, privateKey: undefined },
  });
  const chain = await ensureDeployed(ledger);
  const access = createAccessService({
    db: store.sql,
    consent: createLedgerConsent(chain),
    gatewayId: store.gatewayId,
    chain,
  });
  return {
    dir,
    store,
    ledger,
    chain,
    access,
    async close() {
      await access.consents.stop();
      await store.close();
      await ledger.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
