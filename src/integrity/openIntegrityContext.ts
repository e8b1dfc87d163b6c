import type { VigilConfig } from '../config/index.ts';
import { type ChainContext, connectContracts, createLedger } from '../ledger/index.ts';
import { loadMasterKey } from '../store/crypto/masterKey.ts';
import { openStore, type Store } from '../store/index.ts';
import { createPatientKeySource, registerPatientKeySource } from './patientKeySource.ts';
import { withMerkleLeafHashes } from './withMerkleLeafHashes.ts';

/** A store and a chain connection opened from the configuration (for the CLI). */
export type IntegrityContext = { store: Store; chain: ChainContext; close(): Promise<void> };

/** Opens the configured store (with Merkle leaf hashes) and connects to the deployed contracts. */
export async function openIntegrityContext(config: VigilConfig): Promise<IntegrityContext> {
  const ledger = await createLedger(config);
  try {
    const chain = await connectContracts(ledger);
    const store = withMerkleLeafHashes(
      await openStore({
        dataDir: config.dataDir,
        databaseUrl: config.databaseUrl,
        masterKey: config.masterKey,
        gatewayId: config.gatewayId,
      }),
    );
    // `vigil verify` hands unwrapped patient keys to its worker threads (memory only).
    const masterKey = loadMasterKey({ dataDir: config.dataDir, masterKey: config.masterKey });
    registerPatientKeySource(store, createPatientKeySource({ sql: store.sql, masterKey }));
    masterKey.fill(0);
    return {
      store,
      chain,
      async close() {
        await store.close();
        await ledger.stop();
      },
    };
  } catch (error) {
    await ledger.stop();
    throw error;
  }
}
