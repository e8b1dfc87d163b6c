import { type KeyObject, verify } from 'node:crypto';
import { availableParallelism, cpus, loadavg } from 'node:os';
import {
  createPublicKeyCache,
  decodeSignature,
  exportPublicKeySec1,
  generateDeviceKeyPair,
  readingSignedBytes,
  signReading,
} from '../identity/index.ts';
import { buildObservation } from './buildObservation.ts';
import { createVerifyPool, type VerifyItem } from './verifyPool.ts';

/** Options of `benchRawVerify`. */
export type BenchRawVerifyParameters = {
  /** Seconds per measurement (single thread, then pool). Default 3. */
  seconds?: number;
  /** Pool size. Default `os.availableParallelism()`. */
  workers?: number;
  /** Distinct device keys in the sample (default 256). */
  devices?: number;
  /** Items per `verify` call (default 512). */
  batch?: number;
};

/** Figures of one run, with the machine they ran on. */
export type BenchRawVerifyReturnType = {
  node: string;
  cpu: string;
  cores: number;
  /** 1-minute load average when the run ended: other processes share these cores. */
  loadAverage: number;
  workers: number;
  messageBytes: number;
  singleThreadPerSec: number;
  poolPerSec: number;
  speedup: number;
  /** Verifications per second of process CPU time: insensitive to other load on the machine. */
  singleThreadPerCpuSec: number;
  poolPerCpuSec: number;
  /** Cores' worth of CPU the pool phase actually got (process CPU time / wall time). */
  poolCpuShare: number;
};

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

/** Builds `count` real signed readings from `devices` keys as pool items. */
export function makeVerifyItems(count: number, devices: number): { items: VerifyItem[]; keys: KeyObject[] } {
  const pairs = Array.from({ length: devices }, generateDeviceKeyPair);
  const sec1 = pairs.map((p) => exportPublicKeySec1(p.publicKey));
  const items: VerifyItem[] = [];
  for (let i = 0; i < count; i++) {
    const d = i % devices;
    const deviceId = `bench-${d}`;
    const observation = buildObservation({
      kind: 'heartRate',
      value: 60 + (i % 40),
      deviceId,
      patient: `pt-${d}`,
      effectiveAt: 1_767_225_600_000 + i * 1000,
    });
    const reading = signReading(pairs[d]!.privateKey, { v: 1, deviceId, seq: i + 1, observation });
    items.push({
      publicKey: sec1[d]!,
      message: readingSignedBytes(reading),
      signature: decodeSignature(reading.sig)!,
    });
  }
  return { items, keys: pairs.map((p) => p.publicKey) };
}

/**
 * Measures raw ECDSA P-256 verifications per second of real reading bytes: on this thread with cached
 * KeyObjects (the baseline), then across the worker pool. This is the physical limit of ingestion.
 */
export async function benchRawVerify(
  params: BenchRawVerifyParameters = {},
): Promise<BenchRawVerifyReturnType> {
  const seconds = params.seconds ?? 3;
  const workers = params.workers ?? availableParallelism();
  const batch = params.batch ?? 512;
  const { items } = makeVerifyItems(Math.max(batch, 1024), params.devices ?? 256);

  const cache = createPublicKeyCache();
  const keys = items.map((it) => cache.get(it.publicKey));
  let n = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  while (performance.now() < until) {
    for (let k = 0; k < 64; k++, n++) {
      const it = items[n % items.length]!;
      if (
        !verify(
          'sha256',
          it.message,
          { key: keys[n % items.length]!, dsaEncoding: 'ieee-p1363' },
          it.signature,
        )
      ) {
        throw new Error('benchmark sample failed to verify');
      }
    }
  }
  const singleThreadPerSec = n / ((performance.now() - t0) / 1000);
  const singleCpu = cpuSeconds(process.cpuUsage(c0));

  const pool = createVerifyPool({ size: workers });
  try {
    const batches = Array.from({ length: Math.ceil(items.length / batch) }, (_, i) =>
      items.slice(i * batch, (i + 1) * batch),
    );
    await Promise.all(batches.map((b) => pool.verify(b))); // warm-up: worker start and key import
    let done = 0;
    const pc0 = process.cpuUsage();
    const p0 = performance.now();
    const pEnd = p0 + seconds * 1000;
    const lane = async (start: number) => {
      for (let i = start; performance.now() < pEnd; i++) {
        const b = batches[i % batches.length]!;
        const ok = await pool.verify(b);
        if (ok.includes(false)) throw new Error('benchmark sample failed to verify in the pool');
        done += b.length;
      }
    };
    await Promise.all(Array.from({ length: workers * 2 }, (_, i) => lane(i)));
    const poolWall = (performance.now() - p0) / 1000;
    const poolCpu = cpuSeconds(process.cpuUsage(pc0));
    const poolPerSec = done / poolWall;
    return {
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: availableParallelism(),
      loadAverage: Math.round(loadavg()[0]! * 100) / 100,
      workers,
      messageBytes: Math.round(items.reduce((s, it) => s + it.message.byteLength, 0) / items.length),
      singleThreadPerSec: Math.round(singleThreadPerSec),
      poolPerSec: Math.round(poolPerSec),
      speedup: Math.round((poolPerSec / singleThreadPerSec) * 100) / 100,
      singleThreadPerCpuSec: Math.round(n / singleCpu),
      poolPerCpuSec: Math.round(done / poolCpu),
      poolCpuShare: Math.round((poolCpu / poolWall) * 100) / 100,
    };
  } finally {
    await pool.stop();
  }
}
