import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from './openStore.ts';
import { makeInput, makeReading } from './testing/fixtures.ts';
import type { ReadingInput } from './types.ts';

export type BenchStoreParameters = {
  /** PostgreSQL URL; SQLite in a temporary directory when absent. */
  databaseUrl?: string | undefined;
  rows?: number;
  batchSize?: number;
  /** Concurrent insertReadings callers. */
  concurrency?: number;
  devices?: number;
  log?: (line: string) => void;
};

export type BenchStoreReturnType = {
  backend: 'sqlite' | 'postgres';
  rows: number;
  batchSize: number;
  concurrency: number;
  insertRowsPerSec: number;
  /** Rows per second of this process's CPU time (user + system): less sensitive to a busy machine. */
  insertRowsPerCpuSec: number;
  /** Same-run baseline (SQLite only): plain prepared INSERT loop, 500 rows per transaction, no encryption. */
  baselineSqliteRowsPerSec: number | null;
  leavesWithPayloadPerSec: number;
  leavesHashOnlyPerSec: number;
  listReadingsPerSec: number;
  machine: string;
};

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

/** Baseline: the same rows (pre-built byte blobs, no encryption) into a bare table with the same unique keys. */
async function sqliteBaseline(dataDir: string, inputs: ReadingInput[]): Promise<number> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dataDir, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE r (pos INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE, device_id TEXT, seq INTEGER, payload BLOB, UNIQUE (device_id, seq))',
  );
  const stmt = db.prepare(
    'INSERT INTO r (id, device_id, seq, payload) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const t = performance.now();
  for (let i = 0; i < inputs.length; i += 500) {
    db.exec('BEGIN IMMEDIATE');
    for (let j = i; j < Math.min(i + 500, inputs.length); j++) {
      const { reading, canonical } = inputs[j]!;
      stmt.run(`${reading.deviceId}/${reading.seq}`, reading.deviceId, reading.seq, canonical);
    }
    db.exec('COMMIT');
  }
  const result = rate(inputs.length, performance.now() - t);
  db.close();
  return result;
}

/**
 * Measures the store on synthetic readings (no patient data): bulk inserts from concurrent
 * callers, batch leaf reads with and without decryption (the audit path), decrypted listing.
 */
export async function benchStore(params: BenchStoreParameters = {}): Promise<BenchStoreReturnType> {
  const { databaseUrl, rows = 100_000, batchSize = 500, concurrency = 4, devices = 1000 } = params;
  const log = params.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-store-'));
  const pgSchema = `vigil_bench_${process.pid}_${Date.now()}`;
  const store = await openStore({
    dataDir,
    databaseUrl,
    masterKey: createHash('sha256').update('bench').digest('hex'),
    ...(databaseUrl ? { pgSchema } : {}),
  });
  try {
    // Inputs prepared up front so only the store is timed (500 patients, `devices` devices).
    const seqs = new Array<number>(devices).fill(0);
    const inputs: ReadingInput[] = [];
    for (let i = 0; i < rows; i++) {
      const d = i % devices;
      inputs.push(makeInput(makeReading(`dev-${d}`, ++seqs[d]!, `p-${d % 500}`)));
    }
    const batches: ReadingInput[][] = [];
    for (let i = 0; i < rows; i += batchSize) batches.push(inputs.slice(i, i + batchSize));

    let next = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < batches.length) await store.insertReadings(batches[next++]!);
      }),
    );
    const insertMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const insertCpuMs = (cpu.user + cpu.system) / 1000;
    const baselineSqliteRowsPerSec =
      store.backend === 'sqlite' ? await sqliteBaseline(dataDir, inputs) : null;

    // Batch everything in batches of 10k leaves, then read them back as an auditor would.
    let seq = 0;
    for (;;) {
      const un = await store.getUnbatchedReadings({ limit: 10_000 });
      if (un.length === 0) break;
      await store.createBatch(
        { seq: ++seq, root: Buffer.alloc(32, seq), prevRoot: Buffer.alloc(32), createdAt: Date.now() },
        un.map((u) => u.pos),
      );
    }
    const timeLeaves = async (payloads: boolean) => {
      const t = performance.now();
      let n = 0;
      for (let s = 1; s <= seq; s++) n += (await store.getBatchLeaves(s, { payloads })).count;
      return rate(n, performance.now() - t);
    };
    const leavesWithPayloadPerSec = await timeLeaves(true);
    const leavesHashOnlyPerSec = await timeLeaves(false);

    const t1 = performance.now();
    let listed = 0;
    let afterPos = 0;
    while (listed < Math.min(rows, 50_000)) {
      const page = await store.listReadings({ limit: 1000, afterPos });
      if (page.length === 0) break;
      listed += page.length;
      afterPos = page[page.length - 1]!.pos;
    }
    const listReadingsPerSec = rate(listed, performance.now() - t1);

    const result: BenchStoreReturnType = {
      backend: store.backend,
      rows,
      batchSize,
      concurrency,
      insertRowsPerSec: rate(rows, insertMs),
      insertRowsPerCpuSec: rate(rows, insertCpuMs),
      baselineSqliteRowsPerSec,
      leavesWithPayloadPerSec,
      leavesHashOnlyPerSec,
      listReadingsPerSec,
      machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
    };
    log(
      `store ${result.backend}: insert ${result.insertRowsPerSec} rows/s (${result.insertRowsPerCpuSec} per CPU-second of this process; ${rows} rows, batches of ${batchSize}, ${concurrency} callers)` +
        (baselineSqliteRowsPerSec === null
          ? '; '
          : ` vs plain SQLite baseline ${baselineSqliteRowsPerSec} rows/s; `) +
        `batch leaves ${leavesWithPayloadPerSec}/s decrypted, ${leavesHashOnlyPerSec}/s hashes only; ` +
        `listReadings ${listReadingsPerSec} rows/s; ${result.machine}`,
    );
    return result;
  } finally {
    await store.close();
    if (databaseUrl && store.backend === 'postgres') {
      // Drop the bench schema through a throwaway store connection.
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
      await client.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}
