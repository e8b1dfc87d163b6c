import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { VigilError } from '../errors/index.ts';

/** One readings row exactly as it sits in the database file (nothing decrypted or trusted). */
export type RawReadingRow = {
  pos: number;
  id: string;
  deviceId: string;
  seq: number;
  patient: string;
  code: string;
  effectiveAt: number;
  leafHash: Buffer;
  payload: Buffer;
  batchSeq: number | null;
  batchIndex: number | null;
};

/** See {@link StoreFile.packedLeafHashes}. */
export type PackedLeafColumn = { n: number; packed: Buffer | null; erasedIds: string[] };

/** Read-only access to the raw rows of a SQLite store, for the verifier. */
export type StoreFile = {
  /** Path of the database file (worker threads open their own read-only connection to it). */
  readonly path: string;
  /** Every row whose batch_seq is `seq`, in batch_index order (duplicates and gaps kept as they are). */
  rowsOfBatch(seq: number, payloads?: boolean): RawReadingRow[];
  /**
   * The recorded leaf hashes of batch `seq` packed in batch_index order (raw rows, no row objects), or
   * `packed: null` when the positions are not exactly 0..n-1 or a hash is not 32 bytes. `erasedIds`: rows
   * whose patient is in `erased`, in order.
   */
  packedLeafHashes(seq: number, erased: ReadonlySet<string>): PackedLeafColumn;
  /** Rows claiming a batch seq above `maxSeq` (no batch row and no chain batch can exist for them). */
  rowsBeyond(maxSeq: number): RawReadingRow[];
  /** Unbatched rows older than `pos` (the batcher takes rows in pos order, so these were slipped in). */
  unbatchedBefore(pos: number): RawReadingRow[];
  /** Patients whose key was crypto-shredded (erased_at set). */
  erasedPatients(): Set<string>;
  /** Patients that still have a (wrapped) data key. */
  keyedPatients(): string[];
  close(): void;
};

const COLUMNS =
  'pos, id, device_id, seq, patient, code, effective_at, leaf_hash, payload, batch_seq, batch_index';

const EMPTY = Buffer.alloc(0);

const toRow = (r: unknown[]): RawReadingRow => ({
  pos: Number(r[0]),
  id: String(r[1]),
  deviceId: String(r[2]),
  seq: Number(r[3]),
  patient: String(r[4]),
  code: String(r[5]),
  effectiveAt: Number(r[6]),
  leafHash: Buffer.isBuffer(r[7]) ? r[7] : Buffer.from(String(r[7] ?? '')),
  payload: Buffer.isBuffer(r[8]) ? r[8] : EMPTY,
  batchSeq: r[9] === null ? null : Number(r[9]),
  batchIndex: r[10] === null ? null : Number(r[10]),
});

/**
 * Opens `<dataDir>/vigil.db` read-only. The verifier reads raw rows itself (instead of the store's
 * typed queries, which refuse inconsistent batches) so that any change made with an SQL tool is seen.
 */
export function openStoreFile(dataDir: string, gatewayId: string): StoreFile {
  const file = join(dataDir, 'vigil.db');
  if (!existsSync(file)) {
    throw new VigilError('VIGIL_VERIFY_NO_STORE', `no SQLite store at ${file}`, { details: { file } });
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const columns = new Set(
    (db.prepare('PRAGMA table_info(readings)').all() as { name: string }[]).map((c) => c.name),
  );
  const gw = columns.has('batch_gateway');
  // `batch_gateway = @gw OR batch_gateway IS NULL` would scan the whole (batch_gateway, batch_seq,
  // batch_index) index for every batch; two index searches merged with UNION ALL read only that batch.
  const select = (cols: string, cond: string, order: string) =>
    gw
      ? `SELECT ${cols} FROM (SELECT ${cols} FROM readings WHERE batch_gateway = @gw AND ${cond} UNION ALL SELECT ${cols} FROM readings WHERE batch_gateway IS NULL AND ${cond}) ORDER BY ${order}`
      : `SELECT ${cols} FROM readings WHERE ${cond} ORDER BY ${order}`;
  const ofBatch = db.prepare(select(COLUMNS, 'batch_seq = @seq', 'batch_index, pos')).raw(true);
  // Without payloads (fast mode) the row is read from the covering columns only.
  const ofBatchLight = db
    .prepare(select(COLUMNS.replace('payload', 'NULL AS payload'), 'batch_seq = @seq', 'batch_index, pos'))
    .raw(true);
  const leafColumn = db
    .prepare(select('leaf_hash, batch_index, patient, id, pos', 'batch_seq = @seq', 'batch_index, pos'))
    .raw(true);
  const beyond = db.prepare(select(COLUMNS, 'batch_seq > @seq', 'batch_seq, batch_index')).raw(true);
  const unbatched = db
    .prepare(
      `SELECT ${COLUMNS} FROM readings WHERE batch_seq IS NULL AND pos < @pos ORDER BY pos LIMIT 10000`,
    )
    .raw(true);
  const params = (o: Record<string, unknown>) => (gw ? { ...o, gw: gatewayId } : o);
  return {
    path: file,
    rowsOfBatch: (seq, payloads = true) =>
      ((payloads ? ofBatch : ofBatchLight).all(params({ seq })) as unknown[][]).map(toRow),
    packedLeafHashes: (seq, erased) => {
      const rows = leafColumn.all(params({ seq })) as [unknown, unknown, string, string][];
      const n = rows.length;
      const packed = Buffer.allocUnsafe(n * 32);
      const erasedIds: string[] = [];
      let dense = true;
      for (let i = 0; i < n; i++) {
        const [hash, index, patient, id] = rows[i]!;
        if (index !== i || !Buffer.isBuffer(hash) || hash.length !== 32) dense = false;
        else hash.copy(packed, i * 32);
        if (erased.size > 0 && erased.has(patient)) erasedIds.push(String(id));
      }
      return { n, packed: dense ? packed : null, erasedIds };
    },
    rowsBeyond: (maxSeq) => (beyond.all(params({ seq: maxSeq })) as unknown[][]).map(toRow),
    unbatchedBefore: (pos) => (unbatched.all({ pos }) as unknown[][]).map(toRow),
    erasedPatients: () =>
      new Set(
        (
          db
            .prepare('SELECT patient FROM patient_keys WHERE erased_at IS NOT NULL')
            .raw(true)
            .all() as string[][]
        ).map((r) => r[0]!),
      ),
    keyedPatients: () =>
      (
        db
          .prepare('SELECT patient FROM patient_keys WHERE wrapped_key IS NOT NULL')
          .raw(true)
          .all() as string[][]
      ).map((r) => r[0]!),
    close: () => db.close(),
  };
}
