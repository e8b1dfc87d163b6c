import type { Log } from 'viem';
import type { DeviceDirectory, DirectoryDevice } from '../ingest/deviceDirectory.ts';
import { type ChainContext, contractArtifacts, decodeChainError } from '../ledger/index.ts';
import type { Store } from '../store/index.ts';
import { fromBytes32Id } from './ids.ts';

const LAST_BLOCK_KEY = 'registry.lastBlock';

export type CreateRegistryCacheParameters = {
  chain: ChainContext;
  store: Store;
  /** How often new blocks are read (default: the ledger's polling interval, at least 50 ms). */
  pollIntervalMs?: number;
  /** Called when a poll fails (the cache keeps its last state and tries again). */
  onError?: (error: unknown) => void;
};

/** The gateway's view of the on-chain device registry (and quarantine state), kept current. */
export type RegistryCache = DeviceDirectory & {
  list(): DirectoryDevice[];
  /** Last block whose events are applied. */
  lastBlock(): bigint;
  /** Reads and applies events up to the chain head now (also runs on every poll). */
  sync(): Promise<bigint>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

type RegistryLog = Log & { eventName: string; args: Record<string, unknown> };

/**
 * A device registry cache fed by `DeviceRegistry` and `TrustRegistry` events: loads what the store
 * kept, catches up from the last applied block, then polls every block, so a revocation, a transfer or
 * a quarantine takes effect within one block, whichever consortium member recorded it (the events are
 * read from the contracts, whoever sent them). Lookups are synchronous map reads on the ingest hot path.
 */
export function createRegistryCache(params: CreateRegistryCacheParameters): RegistryCache {
  const { chain, store } = params;
  const { ledger, deployment } = chain;
  const devices = new Map<string, DirectoryDevice & { keyVersion: number }>();
  const quarantined = new Set<string>();
  let applied = -1n;
  let timer: NodeJS.Timeout | undefined;
  let syncing: Promise<bigint> | undefined;
  const pollMs = params.pollIntervalMs ?? Math.max(50, ledger.pollingInterval);

  async function fetchLogs(fromBlock: bigint, toBlock: bigint): Promise<RegistryLog[]> {
    const [registry, trust] = await Promise.all([
      ledger.publicClient.getContractEvents({
        address: deployment.contracts.deviceRegistry,
        abi: contractArtifacts.deviceRegistry.abi,
        fromBlock,
        toBlock,
      }),
      ledger.publicClient.getContractEvents({
        address: deployment.contracts.trustRegistry,
        abi: contractArtifacts.trustRegistry.abi,
        fromBlock,
        toBlock,
      }),
    ]);
    return ([...registry, ...trust] as unknown as RegistryLog[]).sort((a, b) =>
      a.blockNumber === b.blockNumber
        ? (a.logIndex ?? 0) - (b.logIndex ?? 0)
        : a.blockNumber! < b.blockNumber!
          ? -1
          : 1,
    );
  }

  function apply(log: RegistryLog): DirectoryDevice | undefined {
    if (typeof log.args.deviceId !== 'string') return undefined;
    const deviceId = fromBytes32Id(log.args.deviceId as string);
    const existing = devices.get(deviceId);
    switch (log.eventName) {
      case 'DeviceRegistered': {
        const device = {
          deviceId,
          orgId: fromBytes32Id(log.args.orgId as string),
          kind: fromBytes32Id(log.args.kind as string),
          patient: fromBytes32Id(log.args.patient as string),
          publicKey: Buffer.from((log.args.publicKey as string).slice(2), 'hex'),
          status: 'active' as const,
          quarantined: quarantined.has(deviceId),
          keyVersion: 1,
        };
        devices.set(deviceId, device);
        return device;
      }
      case 'DeviceKeyRotated':
        if (!existing) return undefined;
        existing.publicKey = Buffer.from((log.args.publicKey as string).slice(2), 'hex');
        existing.keyVersion = Number(log.args.keyVersion);
        return existing;
      case 'DeviceRevoked':
        if (!existing) return undefined;
        existing.status = 'revoked';
        return existing;
      // The device follows a transferred patient: same id, key and trust record, new organisation.
      case 'DeviceTransferred':
        if (!existing) return undefined;
        existing.orgId = fromBytes32Id(log.args.toOrgId as string);
        return existing;
      case 'DeviceQuarantined':
      case 'DeviceReinstated':
        if (log.eventName === 'DeviceQuarantined') quarantined.add(deviceId);
        else quarantined.delete(deviceId);
        if (existing) existing.quarantined = quarantined.has(deviceId);
        return existing;
      default:
        return undefined;
    }
  }

  async function runSync(): Promise<bigint> {
    const head = await ledger.publicClient.getBlockNumber({ cacheTime: 0 });
    if (head <= applied) return applied;
    const logs = await fetchLogs(applied + 1n, head);
    const changed = new Map<string, DirectoryDevice & { keyVersion: number }>();
    for (const log of logs) {
      const device = apply(log);
      if (device) changed.set(device.deviceId, devices.get(device.deviceId)!);
    }
    if (changed.size > 0) {
      await store.upsertDevices(
        [...changed.values()].map((d) => ({
          deviceId: d.deviceId,
          orgId: d.orgId,
          kind: d.kind,
          patient: d.patient,
          publicKey: d.publicKey,
          keyVersion: d.keyVersion,
          status: d.status,
          updatedBlock: Number(head),
        })),
      );
      for (const d of changed.values()) await store.setQuarantined(d.deviceId, d.quarantined);
    }
    await store.setMeta(LAST_BLOCK_KEY, head.toString());
    applied = head;
    return head;
  }

  /** Applies everything up to the head as of this call (waiting for a sync already under way). */
  const sync = async (): Promise<bigint> => {
    while (syncing) await syncing.catch(() => undefined);
    const run = runSync().catch((error: unknown) => {
      throw decodeChainError(error, 'DeviceRegistry');
    });
    syncing = run;
    try {
      return await run;
    } finally {
      if (syncing === run) syncing = undefined;
    }
  };

  const poll = () => {
    timer = setTimeout(async () => {
      try {
        await sync();
      } catch (error) {
        params.onError?.(error);
      }
      if (timer) poll();
    }, pollMs);
  };

  return {
    get: (deviceId) => devices.get(deviceId),
    list: () => [...devices.values()],
    lastBlock: () => applied,
    sync,
    async start() {
      for (const d of await store.listDevices()) {
        if (d.patient === null) continue;
        devices.set(d.deviceId, {
          deviceId: d.deviceId,
          orgId: d.orgId,
          kind: d.kind,
          patient: d.patient,
          publicKey: d.publicKey,
          status: d.status,
          quarantined: d.quarantined,
          keyVersion: d.keyVersion,
        });
        if (d.quarantined) quarantined.add(d.deviceId);
      }
      const last = await store.getMeta(LAST_BLOCK_KEY);
      applied = last === null ? -1n : BigInt(last);
      await sync();
      poll();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await syncing?.catch(() => undefined);
    },
  };
}
