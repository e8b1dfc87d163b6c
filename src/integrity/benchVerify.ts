import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readingLeafBytes, type SignedReading } from '../identity/index.ts';
import { buildObservation } from '../ingest/buildObservation.ts';
import { createLedger, ensureDeployed } from '../ledger/index.ts';
import { openReading, sealReading } from '../store/crypto/patientKeys.ts';
import { openStore } from '../store/index.ts';
import { createAnchorer } from './createAnchorer.ts';
import { createBatcher } from './createBatcher.ts';
import { leafHash } from './leafHash.ts';
import { openStoreFile } from './openStoreFile.ts';
import { createPatientKeySource } from './patientKeySource.ts';
import { verifyStore } from './verifyStore.ts';

/** Parameters of {@link benchVerify}. */
export type BenchVerifyParameters = {
  readings?: number;
  batchSize?: number;
  patients?: number;
  log?: (line: string) => void;
};

/** Figures of {@link benchVerify}. */
export type BenchVerifyReturnType = {
  readings: number;
  batches: number;
  seconds: number;
  /** Full mode: decrypt + re-derive every leaf, metadata, roots, chain reads (wall clock). */
  readingsPerSecond: number;
  /** Full mode per CPU-second of this process (the machine is shared: this is the steadier figure). */
  readingsPerCpuSecond: number;
  /** Fast mode (recorded leaf_hash column against the chain, no decryption), wall clock. */
  fastReadingsPerSecond: number;
  fastReadingsPerCpuSecond: number;
  /** Full mode without worker threads (decryption on the main thread through the store), wall clock. */
  mainThreadReadingsPerSecond: number;
  mainThreadReadingsPerCpuSecond: number;
  /** Worker threads used by full mode (one per core). */
  workers: number;
  /**
   * The per-reading cryptography of full mode alone (AES-256-GCM open of the payload + RFC 6962 leaf
   * hash, as the store does it) on one thread, times `workers`: full mode's ceiling on this machine even
   * if reading rows, checking metadata, Merkle roots and chain reads cost nothing.
   */
  cryptoCeilingPerSecond: number;
  setupSeconds: number;
  cores: number;
  cpu: string;
  node: string;
};

/** A synthetic heart-rate reading (made-up values; the signature is random: verify does not check it). */
function syntheticReading(i: number, patients: number): SignedReading {
  const deviceId = `bench-${i % patients}`;
  return {
    v: 1,
    deviceId,
    seq: Math.floor(i / patients) + 1,
    observation: buildObservation({
      kind: 'heartRate',
      value: 60 + (i % 40),
      deviceId,
      patient: `bp-${i % patients}`,
      effectiveAt: Date.UTC(2026, 0, 1) + i * 10,
    }),
    sig: randomBytes(64).toString('base64url'),
  };
}

/** Readings/s one thread opens (AES-256-GCM) and leaf-hashes, over about a second. */
function cryptoPerThreadPerSecond(patients: number): number {
  const key = randomBytes(32);
  const reading = syntheticReading(0, patients);
  const canonical = readingLeafBytes(reading);
  const id = randomUUID();
  const sealed = sealReading(key, 'bp-0', id, canonical);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1000) {
    for (let i = 0; i < 1000; i++) leafHash(openReading(key, 'bp-0', id, sealed));
    n += 1000;
  }
  return Math.round(n / ((performance.now() - t0) / 1000));
}

/**
 * `vigil bench verify`: fills a temporary store (SQLite, embedded chain) with synthetic readings,
 * batches and anchors them, then times a full `verifyStore` (decrypt, leaf hashes, roots, metadata,
 * chain reads) and reports readings re-verified per second.
 */
export async function benchVerify(p: BenchVerifyParameters = {}): Promise<BenchVerifyReturnType> {
  const n = p.readings ?? 200_000;
  const patients = p.patients ?? 100;
  const log = p.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-verify-'));
  const t0 = performance.now();
  const masterKey = '42'.repeat(32);
  const store = await openStore({ dataDir: dir, masterKey, gatewayId: 'bench-gw' });
  const ledger = await createLedger({
    dataDir: dir,
    chain: { mode: 'embedded', chainId: 31337, rpcUrl: undefined, privateKey: undefined },
  });
  try {
    const chain = await ensureDeployed(ledger);
    for (let i = 0; i < n; i += 5000) {
      const rows = [];
      for (let j = i; j < Math.min(n, i + 5000); j++) {
        const reading = syntheticReading(j, patients);
        const canonical = readingLeafBytes(reading);
        rows.push({
          reading,
          canonical,
          leafHash: leafHash(canonical),
          receivedAt: Date.now(),
          transport: 'mqtt' as const,
        });
      }
      await store.insertReadings(rows);
    }
    const batches = await createBatcher({ store, size: p.batchSize ?? 1000 }).flush();
    await createAnchorer({ store, chain }).drain();
    const setupSeconds = (performance.now() - t0) / 1000;
    log(`setup: ${n} readings in ${batches.length} anchored batches (${setupSeconds.toFixed(1)} s)`);
    const file = openStoreFile(dir, 'bench-gw');
    const patientKeys = createPatientKeySource({ sql: store.sql, masterKey: Buffer.from(masterKey, 'hex') });
    const workers = cpus().length;
    const timed = async (mode: 'full' | 'fast', threads = workers) => {
      // process.cpuUsage() covers every thread of the process, workers included.
      const cpu0 = process.cpuUsage();
      const r = await verifyStore({ store, file, chain, mode, patientKeys, workers: threads });
      const cpu = process.cpuUsage(cpu0);
      if (!r.ok) throw new Error(`bench store did not verify: ${r.issues.length} issues`);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      log(
        `${mode}${mode === 'full' ? ` (${threads} workers)` : ''}: ${r.readingsPerSecond.toLocaleString('en')} readings/s (${cpuSeconds.toFixed(2)} CPU-s)`,
      );
      return { r, perCpu: Math.round(r.readings.checked / cpuSeconds) };
    };
    const fast = await timed('fast');
    const main = await timed('full', 0);
    const { r, perCpu } = await timed('full');
    file.close();
    const cryptoCeilingPerSecond = cryptoPerThreadPerSecond(patients) * workers;
    log(
      `crypto alone (decrypt + leaf hash) on ${workers} threads: ${cryptoCeilingPerSecond.toLocaleString('en')} readings/s`,
    );
    return {
      readings: r.readings.checked,
      batches: batches.length,
      seconds: r.seconds,
      readingsPerSecond: r.readingsPerSecond,
      readingsPerCpuSecond: perCpu,
      fastReadingsPerSecond: fast.r.readingsPerSecond,
      fastReadingsPerCpuSecond: fast.perCpu,
      mainThreadReadingsPerSecond: main.r.readingsPerSecond,
      mainThreadReadingsPerCpuSecond: main.perCpu,
      workers,
      cryptoCeilingPerSecond,
      setupSeconds,
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
    };
  } finally {
    await store.close().catch(() => {});
    await ledger.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
