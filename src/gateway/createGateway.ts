import { type AccessService, createAccessService, createLedgerConsent } from '../access/index.ts';
import { buildApp, createHttpServer, type HttpServer, type VigilApp } from '../api/index.ts';
import { type AlertService, createAlertService } from '../clinical/alerts/createAlertService.ts';
import { loadAlertModel } from '../clinical/alerts/loadAlertModel.ts';
import { readTlsFiles, type TlsFiles, type VigilConfig } from '../config/index.ts';
import { VigilError } from '../errors/index.ts';
import {
  createFlowScorer,
  createVitalsTracker,
  type FlowScorer,
  loadOrCreateSensorToken,
  sensorTokenCheck,
} from '../flows/index.ts';
import { createRegistryCache, type RegistryCache } from '../identity/createRegistryCache.ts';
import {
  type CreateIngestPipelineParameters,
  createIngestPipeline,
  type IngestPipeline,
} from '../ingest/createIngestPipeline.ts';
import { createMqttIngest, type MqttIngest } from '../ingest/mqtt/index.ts';
import { createVerifyPool } from '../ingest/verifyPool.ts';
import { createAnchorer } from '../integrity/createAnchorer.ts';
import { createBatcher } from '../integrity/createBatcher.ts';
import { createProofService } from '../integrity/getProofDocument.ts';
import { openStoreFile } from '../integrity/openStoreFile.ts';
import { verifyStore } from '../integrity/verifyStore.ts';
import {
  type ChainContext,
  type ChainStatus,
  createLedger,
  ensureDeployed,
  getChainStatus,
} from '../ledger/index.ts';
import { openStore, type Store } from '../store/index.ts';
import {
  createLedgerTrustChain,
  createTrustService,
  loadTrustConfig,
  type TrustService,
} from '../trust/index.ts';
import { type LoadedModels, loadModels } from './loadModels.ts';

/** A running gateway: the composition root that wires every service. */
export type Gateway = {
  config: VigilConfig;
  chain: ChainContext;
  store: Store;
  devices: RegistryCache;
  pipeline: IngestPipeline;
  app: VigilApp;
  http: HttpServer;
  mqtt: MqttIngest;
  /** ML models loaded at start, their digests anchored on chain. */
  models: LoadedModels;
  /** Device trust: scores, explanations, quarantine (`isQuarantined`, `onChange`). */
  trust: TrustService;
  /** `POST /v1/flows`: the flow scorer and the sensor token file. */
  flows: { scorer: FlowScorer; tokenPath: string };
  /** Clinical alerts, live patient state and the SSE stream. */
  alerts: AlertService;
  /** Users, sessions, consent checks (ConsentRegistry) and the audit trail anchored on AuditLog. */
  access: AccessService;
  /** The TLS certificate, key and CA read from the configuration (HTTPS and MQTT over TLS when set). */
  tls: TlsFiles;
  status(): Promise<ChainStatus>;
  stop(): Promise<void>;
};

export type CreateGatewayOptions = {
  /** Extra pipeline hooks (trust engine, clinical analytics, benchmarks). */
  onAccepted?: CreateIngestPipelineParameters['onAccepted'];
  onRejected?: CreateIngestPipelineParameters['onRejected'];
  /** Batch bounds (default VIGIL_BATCH_SIZE or 1000 readings, VIGIL_BATCH_INTERVAL_MS or 1000 ms). */
  batch?: { size?: number; intervalMs?: number };
  /** Log background failures here (default: stderr, one line, no PHI). */
  onError?: (source: string, error: unknown) => void;
};

function envInt(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Builds and starts a gateway: chain → store → device registry → signature workers → pipeline →
 * batcher and anchorer → HTTP and MQTT. Services stop in reverse order; a failure while starting
 * stops what had started.
 */
export async function createGateway(
  config: VigilConfig,
  options: CreateGatewayOptions = {},
): Promise<Gateway> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  const onError =
    options.onError ??
    ((source: string, error: unknown) => {
      const code = (error as { code?: unknown }).code;
      process.stderr.write(
        `[${source}] ${code ?? ''} ${error instanceof Error ? error.message : String(error)}\n`,
      );
    });
  try {
    // Read first: a wrong path fails the start before anything else is set up.
    const tls = await readTlsFiles(config.tls);
    const ledger = await createLedger(config);
    stops.push(() => ledger.stop());
    // A gateway that deploys the contracts itself admits its own hospital and registers itself as its gateway.
    const chain = await ensureDeployed(ledger, {
      self: { orgId: config.organisation, gatewayId: config.gatewayId, endpoint: config.publicUrl },
    });
    const models = await loadModels(chain);
    stops.push(async () => models.attackDetector.free());

    const store = await openStore({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      masterKey: config.masterKey,
      gatewayId: config.gatewayId,
    });
    stops.push(() => store.close());

    const devices = createRegistryCache({ chain, store, onError: (e) => onError('registry', e) });
    await devices.start();
    stops.push(() => devices.stop());

    // Trust: fed by the pipeline hooks; quarantines reach the chain, and the registry cache follows them.
    const trust = createTrustService({
      store,
      chain: createLedgerTrustChain(chain),
      config: loadTrustConfig(),
      onError: (e) => onError('trust', e),
    });
    await trust.start();
    stops.push(() => trust.stop());

    // Flow records from the ward network sensor: scored with each device's latest vitals, alarms to trust.
    const vitals = createVitalsTracker();
    const sensorToken = await loadOrCreateSensorToken(config.dataDir);
    const flows = createFlowScorer({
      detector: models.attackDetector,
      trust,
      vitals,
      isKnownDevice: (deviceId) => devices.get(deviceId) !== undefined,
    });

    // Clinical alerts: live state from every accepted reading; restored from the store before ingest opens.
    const alerts = createAlertService({
      store,
      model: await loadAlertModel((e) => onError('alerts', e)),
      deviceInfo: createAlertDeviceInfo(devices, trust),
      onError: (e) => onError('alerts', e),
    });
    await alerts.start();
    stops.push(() => alerts.stop());
    // A quarantine takes its device's readings out of the live scores at once; a reinstatement restores them.
    const stopFollowingTrust = trust.onChange((change) => alerts.onTrustChange(change));
    stops.push(async () => {
      stopFollowingTrust();
    });

    // Access: consent followed from chain events; the audit trail sealed and anchored every few seconds.
    const access = createAccessService({
      db: store.sql,
      consent: createLedgerConsent(chain),
      gatewayId: config.gatewayId,
      chain,
      lockout: { maxFailures: config.auth.lockAfter, lockMs: config.auth.lockMinutes * 60_000 },
      refusalAudit: {
        perAddress: config.auth.auditPerAddress,
        windowMs: config.auth.rateWindowSeconds * 1000,
      },
      onEvent: (e) => {
        if (e.type === 'audit-error') onError('audit', Object.assign(new Error(e.message), { code: e.code }));
      },
    });
    await access.start();
    stops.push(() => access.stop());

    const verifyPool = createVerifyPool({ size: config.verifyWorkers });
    stops.push(() => verifyPool.stop());

    const batcher = createBatcher({
      store,
      size: options.batch?.size ?? envInt('VIGIL_BATCH_SIZE'),
      intervalMs: options.batch?.intervalMs ?? envInt('VIGIL_BATCH_INTERVAL_MS'),
      // A closed batch wakes the anchorer at once instead of at its next poll.
      onBatch: () => anchorer.notify(),
      onError: (e) => onError('batcher', e),
    });
    const anchorer = createAnchorer({
      store,
      chain,
      onEvent: (event) => {
        if (event.type === 'error' || event.type === 'diverged') {
          onError('anchorer', Object.assign(new Error(event.message), { code: event.code }));
        }
      },
    });

    const pipeline = createIngestPipeline({
      store,
      devices,
      verifyPool,
      onAccepted: (readings) => {
        trust.onAccepted(readings);
        vitals.onAccepted(readings);
        alerts.onAccepted(readings);
        options.onAccepted?.(readings);
      },
      onRejected: (rejections) => {
        trust.onRejected(rejections);
        options.onRejected?.(rejections);
      },
    });
    stops.push(() => pipeline.drain());

    await batcher.start();
    stops.push(() => batcher.stop());
    await anchorer.start();
    stops.push(() => anchorer.stop());

    const app = buildApp({
      pipeline,
      https: tls.server,
      proofs: createProofService({ store, chain }),
      alerts,
      access: { service: access, store },
      signInLimits: {
        perAddress: config.auth.ratePerAddress,
        perAccount: config.auth.ratePerAccount,
        windowMs: config.auth.rateWindowSeconds * 1000,
      },
      flows: { scorer: flows, checkToken: sensorTokenCheck(sensorToken.token) },
      // The web dashboard at `/` with its ward stream, trust and ledger routes.
      dashboard: {
        trust,
        store,
        ward: { staleAfterMs: config.staleAfterMs },
        devices: {
          lastSeen: (deviceId) => alerts.lastSeen(deviceId),
          // A thermometer reports temperature; every other kind reports at the pace of the monitored vitals.
          offlineAfterMs: (kind) =>
            kind === 'thermometer' ? config.staleAfterMs.temperature : config.staleAfterMs.heartRate,
        },
        verify: async (mode) => {
          const file = openStoreFile(config.dataDir, config.gatewayId);
          try {
            return await verifyStore({ store, file, chain, mode });
          } finally {
            file.close();
          }
        },
      },
    });
    const http = createHttpServer({ app, host: config.httpHost, port: config.httpPort });
    await http.start().catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      throw new VigilError(
        'VIGIL_HTTP_PORT_IN_USE',
        `HTTP port ${config.httpPort} is taken: set --http-port or VIGIL_HTTP_PORT`,
        {
          cause: error,
        },
      );
    });
    stops.push(() => http.stop());

    const mqtt = createMqttIngest({
      pipeline,
      devices,
      config,
      tls: tls.server,
      ...(tls.ca ? { external: { ca: tls.ca } } : {}),
    });
    await mqtt.start();
    stops.push(() => mqtt.stop());

    return {
      config,
      chain,
      store,
      devices,
      pipeline,
      app,
      http,
      mqtt,
      models,
      trust,
      flows: { scorer: flows, tokenPath: sensorToken.path },
      alerts,
      access,
      tls,
      status: () => getChainStatus(ledger),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Device kind, quarantine and trust (cached 10 s: explanations are not free) for alerts. */
function createAlertDeviceInfo(devices: RegistryCache, trust: TrustService) {
  const cache = new Map<string, { at: number; trust: number | undefined }>();
  return (deviceId: string) => {
    const device = devices.get(deviceId);
    const now = Date.now();
    let t = cache.get(deviceId);
    if (!t || now - t.at > 10_000) {
      let score: number | undefined;
      try {
        score = trust.explain(deviceId).scoreBp / 10_000;
      } catch {
        score = undefined;
      }
      t = { at: now, trust: score };
      cache.set(deviceId, t);
    }
    return {
      kind: device?.kind,
      quarantined: (device?.quarantined ?? false) || trust.isQuarantined(deviceId),
      trust: t.trust,
    };
  };
}
