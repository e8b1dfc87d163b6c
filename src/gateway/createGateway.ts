import type { VigilConfig } from '../config/index.ts';
import {
  type ChainContext,
  type ChainStatus,
  createLedger,
  ensureDeployed,
  getChainStatus,
} from '../ledger/index.ts';

/** A running gateway: the composition root that wires every service. */
export type Gateway = {
  config: VigilConfig;
  chain: ChainContext;
  status(): Promise<ChainStatus>;
  stop(): Promise<void>;
};

/**
 * Builds and starts a gateway from its configuration. Services start in dependency order and
 * stop in reverse order; a failure while starting stops what had started.
 */
export async function createGateway(config: VigilConfig): Promise<Gateway> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const ledger = await createLedger(config);
    stops.push(() => ledger.stop());
    const chain = await ensureDeployed(ledger);
    return { config, chain, status: () => getChainStatus(ledger), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
